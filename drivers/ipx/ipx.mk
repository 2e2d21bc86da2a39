# ipx.mk - the IPX transport's sources (included by kernel/kernel.mk). The
# wire codec, drivers/ipx/ipxwire.c, is still listed by ne2000.mk, whose
# suite came first (listing it twice would link it twice).
IPX_SRCS := drivers/ipx/ipxdrv.c drivers/ipx/ipxrecv.c
