# lanman.mk - the LanMan side's sources (included by kernel/kernel.mk): the
# SMB wire codec (shared with smbserv) and the SMB client over direct
# hosting.
LANMAN_SRCS := drivers/lanman/smbwire.c drivers/lanman/smbnames.c \
	drivers/lanman/smbclient.c drivers/lanman/smbcalls.c
