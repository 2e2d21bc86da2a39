/*
 * clock.c - the real clock: milliseconds since the PIT started, advanced by
 * the HAL's clock interrupt. Hardware time-outs and watchdogs read it.
 */
#include "hal/hal.h"
#include "ke/ke.h"

static volatile ULONG64 KiRealTime;

VOID KeUpdateSystemTime(VOID)
{
    KiRealTime += 1000 / HAL_CLOCK_HZ;
}

/* A 64-bit read is two loads on i386: read until two agree. */
ULONG64 KeQueryRealTime(VOID)
{
    ULONG64 a, b;

    do {
        a = KiRealTime;
        b = KiRealTime;
    } while (a != b);
    return a;
}
