/*
 * uart.c - the 16550 UARTs: COM1 (0x3F8, IRQ 4) is the console, COM2 (0x2F8,
 * IRQ 3) is reserved for the trace.
 *
 * Output is polled: a transmitter that never drains is given up on after a
 * bounded spin, so a wedged port cannot hang the kernel (or its bugcheck).
 * Input is interrupt-driven: the ISR moves received bytes into a ring that
 * the console driver drains (HalUartRead, drivers/console), and queues the
 * DPC the driver gave it. A full ring loses nothing: the ISR leaves the
 * byte in the chip and turns the receive interrupt off, and the reader
 * turns it back on once it has made room. With the FIFO off (see
 * HalInitializeUart) QEMU then holds the rest of the input until the
 * byte is read, as a modem would on RTS.
 */
#include "hal/hal.h"
#include "ke/ke.h"

enum {
    UART_RBR = 0,       /* receive buffer (read, DLAB 0) */
    UART_THR = 0,       /* transmit holding (write, DLAB 0) */
    UART_DLL = 0,       /* divisor latch low (DLAB 1) */
    UART_IER = 1,       /* interrupt enable (DLAB 0) */
    UART_DLM = 1,       /* divisor latch high (DLAB 1) */
    UART_FCR = 2,       /* FIFO control (write); left at 0, see below */
    UART_LCR = 3,       /* line control; bit 7 is DLAB */
    UART_MCR = 4,       /* modem control; OUT2 gates the IRQ line */
    UART_LSR = 5,       /* line status */
    UART_SCR = 7,       /* scratch: no function, proves the chip is there */
};

#define LSR_DATA_READY  0x01
#define LSR_THR_EMPTY   0x20
#define IER_RX_AVAILABLE 0x01
#define MCR_DTR_RTS_OUT2 0x0B
#define UART_TX_SPIN    100000
#define UART_RING_SIZE  512
#define UART_DRAIN_MAX  64      /* a stuck LSR ends the loop here */

typedef struct _HAL_UART {
    USHORT Base;
    UCHAR Irq;
    BOOLEAN Present;
    volatile ULONG Head;                /* written by the ISR */
    volatile ULONG Tail;                /* written by the reader */
    volatile BOOLEAN Held;              /* the ISR found the ring full: input off */
    struct _KDPC *Dpc;                  /* queued when bytes arrive */
    UCHAR Ring[UART_RING_SIZE];
} HAL_UART;

static HAL_UART HalpUart[2] = {
    { .Base = 0x3F8, .Irq = 4 },
    { .Base = 0x2F8, .Irq = 3 },
};

/* Moves every received byte into the ring; TRUE when there was one. */
static BOOLEAN HalpUartInterrupt(PVOID Context)
{
    HAL_UART *u = Context;
    ULONG head = u->Head;
    BOOLEAN ours = FALSE;
    int budget = UART_DRAIN_MAX;

    while (budget-- > 0 && (READ_PORT_UCHAR(u->Base + UART_LSR) & LSR_DATA_READY)) {
        ULONG next = (u->Head + 1) % UART_RING_SIZE;

        ours = TRUE;
        if (next == u->Tail) {
            /* full: the byte stays in the chip until the reader makes room */
            u->Held = TRUE;
            WRITE_PORT_UCHAR(u->Base + UART_IER, 0);
            break;
        }
        u->Ring[u->Head] = READ_PORT_UCHAR(u->Base + UART_RBR);
        u->Head = next;
    }
    if (u->Head != head && u->Dpc != NULL)
        KeInsertQueueDpc(u->Dpc, NULL, NULL);
    return ours;
}

/* An absent port reads back 0xFF from every register; the scratch register
   keeps what is written to it only when a chip is there. */
static BOOLEAN HalpUartProbe(USHORT Base)
{
    WRITE_PORT_UCHAR(Base + UART_SCR, 0x5A);
    if (READ_PORT_UCHAR(Base + UART_SCR) != 0x5A)
        return FALSE;
    WRITE_PORT_UCHAR(Base + UART_SCR, 0xA5);
    return READ_PORT_UCHAR(Base + UART_SCR) == 0xA5;
}

/* Sets the port up if it exists; a missing port swallows output quietly. */
VOID HalInitializeUart(ULONG Com)
{
    USHORT b = HalpUart[Com].Base;

    HalpUart[Com].Present = HalpUartProbe(b);
    if (!HalpUart[Com].Present)
        return;
    WRITE_PORT_UCHAR(b + UART_IER, 0);
    WRITE_PORT_UCHAR(b + UART_LCR, 0x80);       /* DLAB on: set 115200 baud */
    WRITE_PORT_UCHAR(b + UART_DLL, 1);
    WRITE_PORT_UCHAR(b + UART_DLM, 0);
    WRITE_PORT_UCHAR(b + UART_LCR, 0x03);       /* 8 bits, no parity, 1 stop */
    /* FCR is left as reset leaves it, FIFOs off. Turning them on resets
       them (on the 16550 and in QEMU), which would throw away whatever was
       typed while the machine booted, and a byte can slip in between any
       drain and that reset. With the FIFO off QEMU hands over one byte at a
       time and waits until it is read, so no input is ever lost. */
    WRITE_PORT_UCHAR(b + UART_MCR, MCR_DTR_RTS_OUT2);
}

static VOID HalpUartPutChar(USHORT Base, char c)
{
    ULONG spin = UART_TX_SPIN;

    while (!(READ_PORT_UCHAR(Base + UART_LSR) & LSR_THR_EMPTY) && --spin)
        ;
    WRITE_PORT_UCHAR(Base + UART_THR, (UCHAR)c);
}

/* Writes Length bytes, turning "\n" into "\r\n" for terminals. Safe with
   interrupts off; used by the bugcheck path as well as by write(). */
VOID HalUartWrite(ULONG Com, const char *Buffer, SIZE_T Length)
{
    USHORT b = HalpUart[Com].Base;
    SIZE_T i;

    if (!HalpUart[Com].Present)
        return;
    for (i = 0; i < Length; i++) {
        if (Buffer[i] == '\n')
            HalpUartPutChar(b, '\r');
        HalpUartPutChar(b, Buffer[i]);
    }
}

/* Input interrupts on; Dpc (if any) is queued whenever bytes arrive. */
VOID HalEnableUartInput(ULONG Com, struct _KDPC *Dpc)
{
    HAL_UART *u = &HalpUart[Com];

    if (!u->Present)
        return;
    u->Dpc = Dpc;
    HalConnectInterrupt(u->Irq, HalpUartInterrupt, u);
    WRITE_PORT_UCHAR(u->Base + UART_IER, IER_RX_AVAILABLE);
}

/* Takes up to Length bytes from the ring; how many it took (0: none
   waiting). One reader at a time: the caller serializes (drivers/console
   holds the cancel spinlock, which also keeps its DPC out). */
ULONG HalUartRead(ULONG Com, PUCHAR Buffer, ULONG Length)
{
    HAL_UART *u = &HalpUart[Com];
    ULONG n = 0;

    while (n < Length && u->Tail != u->Head) {
        Buffer[n++] = u->Ring[u->Tail];
        u->Tail = (u->Tail + 1) % UART_RING_SIZE;
    }
    if (n != 0 && u->Held) {
        u->Held = FALSE;
        WRITE_PORT_UCHAR(u->Base + UART_IER, IER_RX_AVAILABLE);
    }
    return n;
}
