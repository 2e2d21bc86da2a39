/*
 * test_boot.c - what boot must have left in place: paging with its holes,
 * the double-fault task, a ticking real clock, the PCI scan, and the boot
 * arguments. The harness boots this suite with
 *   test=boot seed=77 scenario=q150047 depth=x bogus sched=pct schedules=9
 * so the arguments case knows what a correct parse leaves behind.
 */
#include "boot/i386.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "tests/guest/gtest.h"

extern char KiBootStackGuard[], KiBootStackBase[];

static VOID GtPagingHoles(VOID)
{
    GT_CHECK(KiReadCr0() & 0x80000000u);
    GT_CHECK(!MmIsAddressValid(0));
    GT_CHECK(!MmIsAddressValid((ULONG)KiBootStackGuard));
    GT_CHECK(MmIsAddressValid((ULONG)KiBootStackBase));
    GT_CHECK(MmIsAddressValid((ULONG)GtPagingHoles));
}

static VOID GtRealClockTicks(VOID)
{
    ULONG64 start = KeQueryRealTime();
    ULONG spin = 0;

    while (KeQueryRealTime() < start + 5 && ++spin < 200000000)
        __asm__ volatile("pause");
    GT_CHECK(KeQueryRealTime() >= start + 5);
}

/* QEMU's pc machine has the i440FX host bridge and the PIIX3 ISA bridge. */
static VOID GtPciScanFoundChipset(VOID)
{
    BOOLEAN host = FALSE, isa = FALSE;
    ULONG i;

    for (i = 0; i < HalPciDeviceCount(); i++) {
        const HAL_PCI_DEVICE *d = HalPciDevice(i);
        host |= d->VendorId == 0x8086 && d->DeviceId == 0x1237 && d->BaseClass == 0x06;
        isa |= d->VendorId == 0x8086 && d->DeviceId == 0x7000 && d->SubClass == 0x01;
    }
    GT_CHECK(host);
    GT_CHECK(isa);
    GT_CHECK(HalPciDevice(HalPciDeviceCount()) == NULL);
}

static VOID GtBootArguments(VOID)
{
    GT_CHECK(KeBootArgs.Seed == 77);
    GT_CHECK(KeBootArgs.Depth == 3);
    GT_CHECK(KeBootArgs.Sched == SCHED_POLICY_PCT);
    GT_CHECK(KeBootArgs.Scenario == SCENARIO_Q150047);   /* a suite runs instead */
    GT_CHECK(KeBootArgs.Schedules == 9);
    GT_CHECK(KeBootArgs.Rejected == 2);                 /* depth=x, bogus */
}

static const GT_CASE GtBootCases[] = {
    { "paging_holes", GtPagingHoles },
    { "real_clock_ticks", GtRealClockTicks },
    { "pci_scan_found_chipset", GtPciScanFoundChipset },
    { "boot_arguments", GtBootArguments },
};

const GT_SUITE GtBootSuite = GT_SUITE_ENTRY("boot", "the state boot leaves behind", GtBootCases);
