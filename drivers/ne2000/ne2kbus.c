/*
 * ne2kbus.c - where NE2000 boards are found: the board glue for PCI and
 * ISA. The chip is the same DP8390 on both (ne8390.c); only the I/O base
 * and the interrupt line come from different places.
 *
 *   PCI  RTL8029 (10ec:8029), QEMU's ne2k_pci: I/O BAR0 (0x100 ports), the
 *        interrupt line from configuration byte 0x3C as the firmware routed
 *        it (SeaBIOS: 10 or 11). The line is level-triggered, which is why
 *        the interrupt routine services the card until ISR & IMR is zero.
 *   ISA  QEMU's ne2k_isa at the classic 0x300, irq 5 (irq 9 is the ACPI
 *        SCI on QEMU's pc machine). Nothing on the bus answers 0xFF, which
 *        the command register read-back check turns into a silent decline.
 *
 * Interface: Ne2kDriverEntry (miniport.h): \Driver\Ne2000 in the boot
 * driver table, after the PCI scan. The miniport has no device object of
 * its own: its clients (IPX) bind to the adapters directly.
 */
#include <stdio.h>
#include "hal/hal.h"
#include "drivers/ne2000/ne8390.h"

#define RTL_VENDOR_ID       0x10EC
#define RTL8029_DEVICE_ID   0x8029
#define PCI_COMMAND         0x04
#define PCI_COMMAND_IO      0x0001
#define NE_ISA_PORT         0x300
#define NE_ISA_IRQ          5

static VOID Ne2kpProbePci(VOID)
{
    ULONG i, command;
    char location[24];

    for (i = 0; i < HalPciDeviceCount(); i++) {
        const HAL_PCI_DEVICE *d = HalPciDevice(i);

        if (d->VendorId != RTL_VENDOR_ID || d->DeviceId != RTL8029_DEVICE_ID ||
            !(d->Bar[0] & 1))
            continue;
        command = HalPciReadConfigUlong(d->Bus, d->Device, d->Function, PCI_COMMAND);
        if (!(command & PCI_COMMAND_IO))
            HalPciWriteConfigUlong(d->Bus, d->Device, d->Function, PCI_COMMAND,
                                   (command & 0xFFFF) | PCI_COMMAND_IO);
        snprintf(location, sizeof(location), "pci %02x:%02x.%x", d->Bus, d->Device, d->Function);
        Ne2kAddAdapter((USHORT)(d->Bar[0] & ~3u), d->InterruptLine, location);
    }
}

/* An 8390 keeps what is written to CR's page and DMA bits; an empty
   ISA port reads back 0xFF. */
static VOID Ne2kpProbeIsa(VOID)
{
    WRITE_PORT_UCHAR(NE_ISA_PORT + NE_CR, NE_CR_RD2 | NE_CR_STP);
    if (READ_PORT_UCHAR(NE_ISA_PORT + NE_CR) != (NE_CR_RD2 | NE_CR_STP))
        return;
    Ne2kAddAdapter(NE_ISA_PORT, NE_ISA_IRQ, "isa");
}

/* Probes PCI, then ISA; STATUS_NO_SUCH_DEVICE when no board answered. */
NTSTATUS Ne2kDriverEntry(struct _DRIVER_OBJECT *Driver)
{
    Ne2kpProbePci();
    Ne2kpProbeIsa();
    return MpAdapterCount() > 0 ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}
