# smbserv.mk - the SMB server (a host program), its host test client and
# the SMB codec's unit tests (the kernel builds the codec with the SMB
# client: drivers/lanman/lanman.mk). Included by the top
# Makefile after ncpserv.mk, which defines HOSTCC, HOST_CFLAGS, B,
# host_unit_test, UNIT_TESTS, TEST_PROGRAMS and NCPSERV_DEFINES.

SMB_CODEC      := drivers/ipx/ipxwire.c drivers/lanman/smbwire.c drivers/lanman/smbnames.c
# The control message (reset with the harness's key) is ncpserv's own.
SMBSERV_CODEC  := $(SMB_CODEC) drivers/nwrdr/ncpwire.c
SMBSERV_SOURCES := qemu/smbserv/srvipx.c qemu/smbserv/srvconn.c \
                   qemu/smbserv/srvsess.c qemu/smbserv/srvfile.c \
                   qemu/smbserv/srvdir.c qemu/netvol/netvol.c qemu/netvol/dglink.c
SMBSERV_DEFINES := -DSRV_FIXTURES_DIR='"$(abspath qemu/ncpserv/fixtures)"'

$(B)/smbserv/smbserv: qemu/smbserv/main.c $(SMBSERV_SOURCES) $(SMBSERV_CODEC)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) $(SMBSERV_DEFINES) -MF $@.d -o $@ $(filter %.c,$^)

SMBCLIENT_SOURCES := tests/host/smbclient.c tests/host/smbscenes.c tests/host/smbsteps.c \
                     tests/host/smbsession.c tests/host/pcapfile.c

$(B)/host/smbclient: $(SMBCLIENT_SOURCES) $(SMBSERV_CODEC)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -MF $@.d -o $@ $(filter %.c,$^)

-include $(B)/smbserv/smbserv.d $(B)/host/smbclient.d

TEST_PROGRAMS += $(B)/smbserv/smbserv $(B)/host/smbclient

$(eval $(call host_unit_test,test_smbwire,$(SMB_CODEC)))
