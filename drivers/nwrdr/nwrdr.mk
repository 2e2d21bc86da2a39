# nwrdr.mk - the NetWare redirector's sources (included by kernel/kernel.mk):
# the NCP wire codec shared with ncpserv, the NCP client, NWRDR itself
# (nwr*.c, see nwrdrp.h), and the guest
# suites of IPX and the client (test_ncpbench.c: make bench's NCP figure;
# test_ncpfaults.c: the client on a faulty wire, and a burst at IPX).
NWRDR_SRCS := drivers/nwrdr/ncpwire.c drivers/nwrdr/ncpclient.c drivers/nwrdr/ncpcalls.c \
	drivers/nwrdr/nwrinit.c drivers/nwrdr/nwrctx.c drivers/nwrdr/nwrfsctl.c \
	drivers/nwrdr/nwrcreate.c drivers/nwrdr/nwrfsp.c drivers/nwrdr/nwrrw.c drivers/nwrdr/nwrinfo.c \
	tests/guest/test_ncp.c tests/guest/test_ncpbench.c tests/guest/test_ncpfaults.c \
	tests/guest/test_nwrdr.c
