/*
 * clock.c - the real clock: milliseconds since the PIT started, advanced by
 * the HAL's clock interrupt. Hardware time-outs and watchdogs read it.
 */
#include "boot/i386.h"
#include "hal/hal.h"
#include "ke/ke.h"

static volatile ULONG64 KiRealTime;

VOID KeUpdateSystemTime(VOID)
{
    KiRealTime += 1000 / HAL_CLOCK_HZ;
}

/* A 64-bit read is two loads on i386, and only the clock interrupt writes
   the value: with interrupts masked for the two loads, they agree. */
ULONG64 KeQueryRealTime(VOID)
{
    ULONG flags = KiReadEFlags();
    ULONG64 now;

    _disable();
    now = KiRealTime;
    if (flags & EFLAGS_IF)
        _enable();
    return now;
}
