/*
 * exit.c - ending the machine. QEMU is started with
 * -device isa-debug-exit,iobase=0xf4,iosize=0x04: a write there ends QEMU
 * with status (value << 1) | 1. Should the device be missing, the processor
 * halts with interrupts off rather than returning to a caller that asked
 * never to come back.
 */
#include "hal/hal.h"

#define ISA_DEBUG_EXIT_PORT 0xF4

VOID HalReturnToFirmware(ULONG Verdict)
{
    _disable();
    WRITE_PORT_UCHAR(ISA_DEBUG_EXIT_PORT, (UCHAR)Verdict);
    for (;;)
        __halt();
}
