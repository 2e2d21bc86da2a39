# ipx.mk - the IPX transport's sources (included by kernel/kernel.mk): the
# wire codec (drivers/ipx/ipxwire.c, shared with ncpserv), the driver and
# its receive side, and the guest suite of its framings
# (tests/guest/test_ipxframe.c, which finds servers with the NCP client).
IPX_SRCS := drivers/ipx/ipxwire.c drivers/ipx/ipxdrv.c drivers/ipx/ipxrecv.c \
	tests/guest/test_ipxframe.c
