/*
 * pci.c - PCI configuration space (mechanism #1, ports 0xCF8/0xCFC) and the
 * boot-time scan.
 *
 * HalScanPci walks bus 0 and every bus behind a PCI-to-PCI bridge, records
 * each function it finds and prints one line per device. Drivers find their
 * cards in the recorded list (HalPciDevice) rather than probing again.
 */
#include <stdio.h>
#include "hal/hal.h"

enum {
    PCI_CONFIG_ADDRESS = 0xCF8,
    PCI_CONFIG_DATA    = 0xCFC,
};

/* Configuration-space offsets of the type 0 header. */
enum {
    PCI_VENDOR_ID      = 0x00,  /* vendor 15:0, device 31:16 */
    PCI_CLASS_REVISION = 0x08,  /* class 31:24, subclass 23:16 */
    PCI_HEADER_TYPE    = 0x0C,  /* header type in 23:16, bit 7 multi-function */
    PCI_BAR0           = 0x10,
    PCI_BRIDGE_BUSES   = 0x18,  /* bridges: secondary bus in 15:8 */
    PCI_INTERRUPT      = 0x3C,  /* interrupt line in 7:0 */
};

#define PCI_MAX_DEVICES 32

static HAL_PCI_DEVICE HalpPciDevices[PCI_MAX_DEVICES];
static ULONG HalpPciCount;

static ULONG HalpPciAddress(UCHAR Bus, UCHAR Device, UCHAR Function, UCHAR Offset)
{
    return 0x80000000u | (Bus << 16) | (Device << 11) | (Function << 8) | (Offset & 0xFC);
}

ULONG HalPciReadConfigUlong(UCHAR Bus, UCHAR Device, UCHAR Function, UCHAR Offset)
{
    WRITE_PORT_ULONG(PCI_CONFIG_ADDRESS, HalpPciAddress(Bus, Device, Function, Offset));
    return READ_PORT_ULONG(PCI_CONFIG_DATA);
}

VOID HalPciWriteConfigUlong(UCHAR Bus, UCHAR Device, UCHAR Function, UCHAR Offset, ULONG Value)
{
    WRITE_PORT_ULONG(PCI_CONFIG_ADDRESS, HalpPciAddress(Bus, Device, Function, Offset));
    WRITE_PORT_ULONG(PCI_CONFIG_DATA, Value);
}

/* The class's name as the boot lines and the shell's `pci` show it. */
PCSTR HalPciClassName(UCHAR Base, UCHAR Sub)
{
    switch ((Base << 8) | Sub) {
    case 0x0101: return "ide";
    case 0x0200: return "ethernet";
    case 0x0300: return "vga";
    case 0x0600: return "host bridge";
    case 0x0601: return "isa bridge";
    case 0x0604: return "pci bridge";
    case 0x0680: return "bridge";
    default:     return "device";
    }
}

VOID HalPrintPciDevice(const HAL_PCI_DEVICE *d)
{
    printf("pci %02x:%02x.%x %04x:%04x %-11s class %02x.%02x irq %u",
           d->Bus, d->Device, d->Function, d->VendorId, d->DeviceId,
           HalPciClassName(d->BaseClass, d->SubClass), d->BaseClass,
           d->SubClass, d->InterruptLine);
    if (d->Bar[0] & 1)
        printf(" io 0x%lx", (unsigned long)(d->Bar[0] & ~3u));
    printf("\n");
}

static VOID HalpScanBus(UCHAR Bus, int Depth);

static VOID HalpRecordFunction(UCHAR Bus, UCHAR Dev, UCHAR Fn, ULONG Id, int Depth)
{
    ULONG cls = HalPciReadConfigUlong(Bus, Dev, Fn, PCI_CLASS_REVISION);
    HAL_PCI_DEVICE *d;
    int i;

    if ((cls >> 16) == 0x0604 && Depth < 8)
        HalpScanBus((HalPciReadConfigUlong(Bus, Dev, Fn, PCI_BRIDGE_BUSES) >> 8) & 0xFF, Depth + 1);
    if (HalpPciCount == PCI_MAX_DEVICES)
        return;
    d = &HalpPciDevices[HalpPciCount++];
    d->Bus = Bus;
    d->Device = Dev;
    d->Function = Fn;
    d->VendorId = Id & 0xFFFF;
    d->DeviceId = Id >> 16;
    d->BaseClass = cls >> 24;
    d->SubClass = (cls >> 16) & 0xFF;
    d->InterruptLine = HalPciReadConfigUlong(Bus, Dev, Fn, PCI_INTERRUPT) & 0xFF;
    for (i = 0; i < 6; i++)
        d->Bar[i] = HalPciReadConfigUlong(Bus, Dev, Fn, PCI_BAR0 + 4 * i);
}

static VOID HalpScanBus(UCHAR Bus, int Depth)
{
    UCHAR dev, fn;

    for (dev = 0; dev < 32; dev++) {
        for (fn = 0; fn < 8; fn++) {
            ULONG id = HalPciReadConfigUlong(Bus, dev, fn, PCI_VENDOR_ID);

            if ((id & 0xFFFF) == 0xFFFF) {
                if (fn == 0)
                    break;
                continue;
            }
            HalpRecordFunction(Bus, dev, fn, id, Depth);
            if (fn == 0 && !(HalPciReadConfigUlong(Bus, dev, 0, PCI_HEADER_TYPE) & 0x00800000))
                break;
        }
    }
}

VOID HalScanPci(VOID)
{
    ULONG i;

    HalpPciCount = 0;
    HalpScanBus(0, 0);
    for (i = 0; i < HalpPciCount; i++)
        HalPrintPciDevice(&HalpPciDevices[i]);
}

ULONG HalPciDeviceCount(VOID)
{
    return HalpPciCount;
}

const HAL_PCI_DEVICE *HalPciDevice(ULONG Index)
{
    return Index < HalpPciCount ? &HalpPciDevices[Index] : NULL;
}
