# ne2000.mk - the NE2000 driver's sources (included by kernel/kernel.mk):
# the 8390 chip core, the miniport face protocols bind to, the PCI and ISA
# board glue, and its guest suite (which builds SAP frames with the IPX
# wire codec, listed by ipx.mk).
NE2K_SRCS := drivers/ne2000/ne8390.c drivers/ne2000/miniport.c drivers/ne2000/ne2kbus.c \
	tests/guest/test_ne2000.c
