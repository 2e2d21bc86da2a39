# nwrdr.mk - the NetWare redirector's sources (included by kernel/kernel.mk):
# the NCP wire codec and NetWare's password hashing (both shared with
# ncpserv), the NCP client, NWRDR itself (nwr*.c, see nwrdrp.h), and the
# guest suites of IPX, the client and NWRDR (test_ncpcalls.c: cases of
# test=ncp; test_ncpbench.c: make bench's NCP figure; test_ncpfaults.c: the
# client on a faulty wire, and a burst at IPX; test_nwrdr.c, test_nwrnative.c
# and test_nwrsilent.c: the redirector).
NWRDR_SRCS := drivers/nwrdr/ncpwire.c drivers/nwrdr/nwcrypt.c drivers/nwrdr/ncpclient.c \
	drivers/nwrdr/ncpcalls.c \
	drivers/nwrdr/nwrinit.c drivers/nwrdr/nwrctx.c drivers/nwrdr/nwrfsctl.c \
	drivers/nwrdr/nwrcreate.c drivers/nwrdr/nwrfsp.c drivers/nwrdr/nwrrw.c drivers/nwrdr/nwrinfo.c \
	drivers/nwrdr/nwrset.c drivers/nwrdr/nwrname.c \
	tests/guest/test_ncp.c tests/guest/test_ncpcalls.c tests/guest/test_ncpbench.c \
	tests/guest/test_ncpfaults.c tests/guest/test_nwrdr.c tests/guest/test_nwrnative.c \
	tests/guest/test_nwrsilent.c
