# ipx.mk - the IPX transport's sources (included by kernel/kernel.mk): the
# wire codec (drivers/ipx/ipxwire.c, shared with ncpserv), the driver and
# its receive side.
IPX_SRCS := drivers/ipx/ipxwire.c drivers/ipx/ipxdrv.c drivers/ipx/ipxrecv.c
