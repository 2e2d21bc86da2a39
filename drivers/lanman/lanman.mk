# lanman.mk - the LanMan side's sources (included by kernel/kernel.mk): the
# SMB wire codec (shared with smbserv), the SMB client over direct hosting,
# and its guest suite (test_smb.c: test=smb).
LANMAN_SRCS := drivers/lanman/smbwire.c drivers/lanman/smbnames.c \
	drivers/lanman/smbclient.c drivers/lanman/smbcalls.c \
	tests/guest/test_smb.c
