/*
 * pit.c - the 8254 programmable interval timer, channel 0, as the clock.
 *
 * Programmed as a rate generator at HAL_CLOCK_HZ (1 kHz). Each tick is
 * handed to the kernel: KeUpdateSystemTime keeps the real clock,
 * KiClockTick the quantum, the rr timers and the watchdog.
 */
#include "hal/hal.h"
#include "ke/ke.h"

enum {
    PIT_CHANNEL0 = 0x40,
    PIT_COMMAND  = 0x43,
};

#define PIT_INPUT_HZ        1193182
#define PIT_CH0_RATE_LOHI   0x34    /* channel 0, low then high byte, mode 2 */
#define PIT_IRQ             0

static BOOLEAN HalpClockInterrupt(PVOID Context)
{
    KeUpdateSystemTime();
    KiClockTick();
    return TRUE;
}

VOID HalInitializeClock(VOID)
{
    ULONG divisor = (PIT_INPUT_HZ + HAL_CLOCK_HZ / 2) / HAL_CLOCK_HZ;

    WRITE_PORT_UCHAR(PIT_COMMAND, PIT_CH0_RATE_LOHI);
    WRITE_PORT_UCHAR(PIT_CHANNEL0, divisor & 0xFF);
    WRITE_PORT_UCHAR(PIT_CHANNEL0, divisor >> 8);
    HalConnectInterrupt(PIT_IRQ, HalpClockInterrupt, NULL);
}
