/*
 * hal.h - the hardware abstraction layer: port I/O, the 8259 PIC, the PIT,
 * the 16550 UARTs, PCI configuration space and QEMU's exit device.
 *
 * Interface:
 *   uart.c  HalInitializeUart, HalUartWrite, HalEnableUartInput,
 *           HalUartRead
 *   pic.c   HalInitializePic, HalConnectInterrupt, HalDispatchInterrupt,
 *           HalWaitForInterrupt
 *   pit.c   HalInitializeClock
 *   pci.c   HalScanPci, HalPciDeviceCount, HalPciDevice, HalPciClassName,
 *           HalPciReadConfig*
 *   exit.c  HalReturnToFirmware
 */
#ifndef HAL_H
#define HAL_H

#include "ntdef.h"
#include "boot/i386.h"

static inline UCHAR READ_PORT_UCHAR(USHORT Port)
{
    UCHAR v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(Port));
    return v;
}

static inline VOID WRITE_PORT_UCHAR(USHORT Port, UCHAR Value)
{
    __asm__ volatile("outb %0, %1" : : "a"(Value), "Nd"(Port));
}

static inline ULONG READ_PORT_ULONG(USHORT Port)
{
    ULONG v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(Port));
    return v;
}

static inline VOID WRITE_PORT_ULONG(USHORT Port, ULONG Value)
{
    __asm__ volatile("outl %0, %1" : : "a"(Value), "Nd"(Port));
}

/* uart.c: COM1 is the console, COM2 carries the trace. */
#define COM1 0
#define COM2 1
VOID HalInitializeUart(ULONG Com);
VOID HalUartWrite(ULONG Com, const char *Buffer, SIZE_T Length);
ULONG HalUartRead(ULONG Com, PUCHAR Buffer, ULONG Length);
struct _KDPC;
VOID HalEnableUartInput(ULONG Com, struct _KDPC *Dpc);

/* pic.c: 16 lines, vectors 0x20..0x2F. An ISR returns TRUE when it was its
   device that interrupted. */
typedef BOOLEAN (*PKSERVICE_ROUTINE)(PVOID Context);
VOID HalInitializePic(VOID);
NTSTATUS HalConnectInterrupt(ULONG Irq, PKSERVICE_ROUTINE Routine, PVOID Context);
VOID HalDispatchInterrupt(ULONG Irq);
ULONG HalSpuriousInterrupts(VOID);
VOID HalWaitForInterrupt(VOID);

/* pit.c */
#define HAL_CLOCK_HZ 1000
VOID HalInitializeClock(VOID);

/* pci.c */
typedef struct _HAL_PCI_DEVICE {
    UCHAR Bus, Device, Function;
    USHORT VendorId, DeviceId;
    UCHAR BaseClass, SubClass, InterruptLine;
    ULONG Bar[6];
} HAL_PCI_DEVICE;

VOID HalScanPci(VOID);
ULONG HalPciDeviceCount(VOID);
const HAL_PCI_DEVICE *HalPciDevice(ULONG Index);
VOID HalPrintPciDevice(const HAL_PCI_DEVICE *Device);
PCSTR HalPciClassName(UCHAR BaseClass, UCHAR SubClass);
ULONG HalPciReadConfigUlong(UCHAR Bus, UCHAR Device, UCHAR Function, UCHAR Offset);
VOID HalPciWriteConfigUlong(UCHAR Bus, UCHAR Device, UCHAR Function, UCHAR Offset, ULONG Value);

/*
 * exit.c: end the QEMU run through isa-debug-exit (port 0xF4). QEMU exits
 * with (value << 1) | 1; 0 and 1 are QEMU's own statuses (a triple fault
 * under -no-reboot, a bad option), so the verdicts avoid them:
 *   pass 0x10 -> 33, fail 0x11 -> 35, bugcheck 0x12 -> 37.
 */
#define HAL_EXIT_PASS       0x10
#define HAL_EXIT_FAIL       0x11
#define HAL_EXIT_BUGCHECK   0x12
VOID __attribute__((noreturn)) HalReturnToFirmware(ULONG Verdict);

#endif
