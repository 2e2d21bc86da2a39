# ncpserv.mk - the NetWare server (a host program), its host test client and
# their unit tests. Included by the top Makefile, which defines HOSTCC,
# HOST_CFLAGS, B, host_unit_test, UNIT_TESTS, TEST_PROGRAMS and BENCH_PROGRAMS.

NCPSERV_CODEC   := drivers/ipx/ipxwire.c drivers/nwrdr/ncpwire.c drivers/nwrdr/nwcrypt.c
NCPSERV_SOURCES := qemu/ncpserv/ipxsrv.c qemu/ncpserv/ncpconn.c \
                   qemu/ncpserv/ncpfunc.c qemu/ncpserv/bindery.c \
                   qemu/ncpserv/ncpfile.c qemu/ncpserv/ncpdir.c \
                   qemu/ncpserv/volume.c qemu/netvol/netvol.c qemu/netvol/dglink.c
NCPSERV_DEFINES := -DNS_FIXTURES_DIR='"$(abspath qemu/ncpserv/fixtures)"'
NCPCLIENT_SOURCES := tests/host/ncpclient.c tests/host/ncpsteps.c \
                     tests/host/ncpscenes.c tests/host/ncpsession.c \
                     tests/host/pcapfile.c

$(B)/ncpserv/ncpserv: qemu/ncpserv/main.c $(NCPSERV_SOURCES) $(NCPSERV_CODEC)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) $(NCPSERV_DEFINES) -MF $@.d -o $@ $(filter %.c,$^)

$(B)/host/ncpclient: $(NCPCLIENT_SOURCES) $(NCPSERV_CODEC)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -MF $@.d -o $@ $(filter %.c,$^)

-include $(B)/ncpserv/ncpserv.d $(B)/host/ncpclient.d

TEST_PROGRAMS += $(B)/ncpserv/ncpserv $(B)/host/ncpclient
BENCH_PROGRAMS += $(B)/ncpserv/ncpserv

$(eval $(call host_unit_test,test_ipxwire,drivers/ipx/ipxwire.c))
$(eval $(call host_unit_test,test_ncpwire,$(NCPSERV_CODEC)))
$(eval $(call host_unit_test,test_nwcrypt,drivers/nwrdr/nwcrypt.c))
$(eval $(call host_unit_test,test_ncpserv,$(NCPSERV_SOURCES) $(NCPSERV_CODEC)))
$(B)/unit/test_ncpserv: HOST_CFLAGS += $(NCPSERV_DEFINES)
