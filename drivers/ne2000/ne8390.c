/*
 * ne8390.c - the DP8390 chip core of the NE2000: reset, the address PROM,
 * start-up, transmit and the receive ring, independent of the bus the board
 * sits on (ne2kbus.c finds boards; miniport.c is what protocols call).
 *
 * Contract with the rest of the driver:
 *   - Register page 0 is selected at all times except inside
 *     Ne2kpReadCurrentPage, which switches to page 1 at DEVICE_LEVEL:
 *     the interrupt routine reads and writes ISR assuming page 0 (Linux's
 *     lib8390.c keeps the same rule for the same reason).
 *   - Everything but Ne2kServiceInterrupt runs with Adapter->Lock held, at
 *     DISPATCH_LEVEL. The interrupt routine only acknowledges ISR bits and
 *     records them in IsrEvents/TxStatus/TxDone; the DPC does the work.
 *   - Every wait on the card is bounded on the real clock (KeQueryRealTime)
 *     and by a poll count, so that a wait above DISPATCH_LEVEL (when the
 *     clock does not advance) ends too.
 *   - Remote DMA is word-wide: counts are rounded up to even, and buffers
 *     that receive frames have one spare byte.
 *
 * QEMU's NE2000 (hw/net/ne2000.c), where it bites:
 *   - the unicast receive filter compares with the PROM address, not PAR:
 *     PAR is set for real cards, but QEMU's filter is fixed at its mac=;
 *   - frames shorter than 60 bytes are padded on receive, so a runt sent
 *     on the wire arrives as a 60-byte frame, never as a bad one; transmit
 *     is not padded, so Ne2kTransmit pads;
 *   - a full ring drops frames silently: no OVW, no missed-packet tally,
 *     so the driver cannot count those drops; draining eagerly avoids them;
 *   - an oversized datagram is written into the ring as one entry whose
 *     byte count exceeds 1518, which Ne2kPeekFrame rejects;
 *   - the IRQ is a level: it stays up while ISR & IMR is non-zero.
 */
#include "hal/hal.h"
#include "drivers/ne2000/ne8390.h"

#define NE_POLL_LIMIT   2000000     /* polls before a wait gives up regardless */

static inline UCHAR Ne2kpRead(PNE2K_ADAPTER Adapter, ULONG Register)
{
    return READ_PORT_UCHAR(Adapter->IoBase + Register);
}

static inline VOID Ne2kpWrite(PNE2K_ADAPTER Adapter, ULONG Register, UCHAR Value)
{
    WRITE_PORT_UCHAR(Adapter->IoBase + Register, Value);
}

/* The data port is 16 bits wide in word mode (DCR.WTS). */
static inline USHORT Ne2kpReadData(PNE2K_ADAPTER Adapter)
{
    USHORT v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"((USHORT)(Adapter->IoBase + NE_DATA)));
    return v;
}

static inline VOID Ne2kpWriteData(PNE2K_ADAPTER Adapter, USHORT Value)
{
    __asm__ volatile("outw %0, %1" : : "a"(Value), "Nd"((USHORT)(Adapter->IoBase + NE_DATA)));
}

/* Waits until ISR shows one of Bits; TRUE if it did within TimeoutMs. */
static BOOLEAN Ne2kpWaitIsr(PNE2K_ADAPTER Adapter, UCHAR Bits, ULONG TimeoutMs)
{
    ULONG64 deadline = KeQueryRealTime() + TimeoutMs;
    ULONG polls;

    for (polls = 0; polls < NE_POLL_LIMIT; polls++) {
        if (Ne2kpRead(Adapter, NE_ISR) & Bits)
            return TRUE;
        if (KeQueryRealTime() > deadline)
            break;
    }
    return FALSE;
}

/* Reading the board's reset port resets the chip; it answers with ISR.RST. */
NTSTATUS Ne2kResetChip(PNE2K_ADAPTER Adapter)
{
    Ne2kpWrite(Adapter, NE_RESET, Ne2kpRead(Adapter, NE_RESET));
    if (!Ne2kpWaitIsr(Adapter, NE_ISR_RST, NE_WAIT_RESET_MS))
        return STATUS_IO_TIMEOUT;
    Ne2kpWrite(Adapter, NE_ISR, 0xFF);
    return STATUS_SUCCESS;
}

/* Programs a remote DMA of Count bytes at Address; Command is RD0 or RD1. */
static VOID Ne2kpStartRemoteDma(PNE2K_ADAPTER Adapter, ULONG Address, ULONG Count, UCHAR Command)
{
    Count = (Count + 1) & ~1u;
    Ne2kpWrite(Adapter, NE_ISR, NE_ISR_RDC);
    Ne2kpWrite(Adapter, NE_RBCR0, Count & 0xFF);
    Ne2kpWrite(Adapter, NE_RBCR1, Count >> 8);
    Ne2kpWrite(Adapter, NE_RSAR0, Address & 0xFF);
    Ne2kpWrite(Adapter, NE_RSAR1, Address >> 8);
    Ne2kpWrite(Adapter, NE_CR, Command | NE_CR_STA);
}

/* Ends a remote DMA: waits for RDC, acknowledges it. */
static NTSTATUS Ne2kpEndRemoteDma(PNE2K_ADAPTER Adapter)
{
    BOOLEAN done = Ne2kpWaitIsr(Adapter, NE_ISR_RDC, NE_WAIT_DMA_MS);

    Ne2kpWrite(Adapter, NE_ISR, NE_ISR_RDC);
    if (!done) {
        Ne2kpWrite(Adapter, NE_CR, NE_CR_RD2 | NE_CR_STA);
        return STATUS_IO_TIMEOUT;
    }
    return STATUS_SUCCESS;
}

/* Reads Count bytes of packet RAM at Address into Buffer (Count rounded
   up to even: Buffer needs the spare byte). The chip wraps the address
   from PSTOP to PSTART by itself. */
static NTSTATUS Ne2kpReadRemote(PNE2K_ADAPTER Adapter, ULONG Address, PUCHAR Buffer, ULONG Count)
{
    ULONG i;

    Ne2kpStartRemoteDma(Adapter, Address, Count, NE_CR_RD0);
    for (i = 0; i < Count; i += 2) {
        USHORT w = Ne2kpReadData(Adapter);
        Buffer[i] = w & 0xFF;
        Buffer[i + 1] = w >> 8;
    }
    return Ne2kpEndRemoteDma(Adapter);
}

/* Writes Length bytes of Data at Address, then zeros up to Total bytes. */
static NTSTATUS Ne2kpWriteRemote(PNE2K_ADAPTER Adapter, ULONG Address, const UCHAR *Data,
                                 ULONG Length, ULONG Total)
{
    ULONG i;

    Ne2kpStartRemoteDma(Adapter, Address, Total, NE_CR_RD1);
    for (i = 0; i < Total; i += 2) {
        USHORT lo = i < Length ? Data[i] : 0, hi = i + 1 < Length ? Data[i + 1] : 0;
        Ne2kpWriteData(Adapter, lo | hi << 8);
    }
    return Ne2kpEndRemoteDma(Adapter);
}

/*
 * The PROM holds the address in bytes 0..11, each byte twice (the board
 * wires it to both halves of the data bus), and 0x57 0x57 at 28..31 on an
 * NE2000 (an NE1000 has 0x42). In word mode each word is (byte, byte).
 */
NTSTATUS Ne2kReadStationAddress(PNE2K_ADAPTER Adapter)
{
    UCHAR prom[NE_PROM_LENGTH];
    NTSTATUS status;
    ULONG i;

    Ne2kpWrite(Adapter, NE_CR, NE_CR_RD2 | NE_CR_STP);
    Ne2kpWrite(Adapter, NE_DCR, NE_DCR_FT1 | NE_DCR_LS | NE_DCR_WTS);
    Ne2kpWrite(Adapter, NE_IMR, 0);
    Ne2kpWrite(Adapter, NE_ISR, 0xFF);
    status = Ne2kpReadRemote(Adapter, 0, prom, sizeof(prom));
    if (!NT_SUCCESS(status))
        return status;
    for (i = 28; i < 32; i++) {
        if (prom[i] != 0x57)
            return STATUS_NO_SUCH_DEVICE;
    }
    for (i = 0; i < 6; i++) {
        if (prom[2 * i] != prom[2 * i + 1])
            return STATUS_NO_SUCH_DEVICE;
        Adapter->StationAddress[i] = prom[2 * i];
    }
    return STATUS_SUCCESS;
}

/* The datasheet's initialization order: stop, configure in loopback with
   receive off, set up the ring and addresses, then start. */
NTSTATUS Ne2kStartChip(PNE2K_ADAPTER Adapter)
{
    ULONG i;

    Ne2kpWrite(Adapter, NE_CR, NE_CR_RD2 | NE_CR_STP);
    Ne2kpWrite(Adapter, NE_DCR, NE_DCR_FT1 | NE_DCR_LS | NE_DCR_WTS);
    Ne2kpWrite(Adapter, NE_RBCR0, 0);
    Ne2kpWrite(Adapter, NE_RBCR1, 0);
    Ne2kpWrite(Adapter, NE_RCR, NE_RCR_MON);
    Ne2kpWrite(Adapter, NE_TCR, NE_TCR_LB0);
    Ne2kpWrite(Adapter, NE_TPSR, NE_TX_START);
    Ne2kpWrite(Adapter, NE_PSTART, NE_RX_START);
    Ne2kpWrite(Adapter, NE_PSTOP, NE_RX_STOP);
    Ne2kpWrite(Adapter, NE_BNRY, NE_RX_STOP - 1);
    Ne2kpWrite(Adapter, NE_ISR, 0xFF);
    Ne2kpWrite(Adapter, NE_IMR, 0);
    Ne2kpWrite(Adapter, NE_CR, NE_CR_PS0 | NE_CR_RD2 | NE_CR_STP);
    for (i = 0; i < 6; i++)
        Ne2kpWrite(Adapter, NE_PAR0 + i, Adapter->StationAddress[i]);
    for (i = 0; i < 8; i++)
        Ne2kpWrite(Adapter, NE_MAR0 + i, 0);
    Ne2kpWrite(Adapter, NE_CURR, NE_RX_START);
    Ne2kpWrite(Adapter, NE_CR, NE_CR_RD2 | NE_CR_STP);
    Adapter->NextPacket = NE_RX_START;
    /* No CNT: a real 8390 holds it until the tallies are read. OVW only
       asks for a drain here; QEMU never raises it (see the top). */
    Adapter->Imr = NE_ISR_PRX | NE_ISR_PTX | NE_ISR_RXE | NE_ISR_TXE | NE_ISR_OVW;
    Ne2kpWrite(Adapter, NE_CR, NE_CR_RD2 | NE_CR_STA);
    Ne2kpWrite(Adapter, NE_TCR, 0);
    /* Broadcasts carry SAP and RIP: without AB the card drops them. */
    Ne2kpWrite(Adapter, NE_RCR, NE_RCR_AB);
    Ne2kpWrite(Adapter, NE_IMR, Adapter->Imr);
    return STATUS_SUCCESS;
}

/* Polls for the completion the interrupt routine records; the routine is
   called here too (at DEVICE_LEVEL, as the interrupt runs it), so a lost or
   unrouted IRQ cannot hang a transmit. */
static BOOLEAN Ne2kpWaitTransmit(PNE2K_ADAPTER Adapter)
{
    ULONG64 deadline = KeQueryRealTime() + NE_WAIT_TX_MS;
    ULONG polls;
    KIRQL irql;

    for (polls = 0; polls < NE_POLL_LIMIT && !Adapter->TxDone; polls++) {
        KeRaiseIrql(DEVICE_LEVEL, &irql);
        if (Ne2kServiceInterrupt(Adapter) & (NE_ISR_PRX | NE_ISR_RXE | NE_ISR_OVW))
            KeInsertQueueDpc(&Adapter->Dpc, NULL, NULL);
        KeLowerIrql(irql);
        if (KeQueryRealTime() > deadline)
            break;
    }
    return Adapter->TxDone;
}

/* Copies Frame to the transmit pages, padded to 60 bytes, and sends it. */
NTSTATUS Ne2kTransmit(PNE2K_ADAPTER Adapter, const UCHAR *Frame, ULONG Length)
{
    ULONG total = Length < MP_MIN_FRAME ? MP_MIN_FRAME : Length;
    NTSTATUS status;

    status = Ne2kpWriteRemote(Adapter, NE_TX_START * NE_PAGE_SIZE, Frame, Length, total);
    if (!NT_SUCCESS(status))
        return status;
    Adapter->TxDone = FALSE;
    Ne2kpWrite(Adapter, NE_TPSR, NE_TX_START);
    Ne2kpWrite(Adapter, NE_TBCR0, total & 0xFF);
    Ne2kpWrite(Adapter, NE_TBCR1, total >> 8);
    Ne2kpWrite(Adapter, NE_CR, NE_CR_RD2 | NE_CR_TXP | NE_CR_STA);
    if (!Ne2kpWaitTransmit(Adapter))
        return STATUS_IO_TIMEOUT;
    return (Adapter->TxStatus & NE_TSR_PTX) ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

/*
 * The interrupt routine's body, at DEVICE_LEVEL: acknowledges every
 * enabled ISR bit until none is left (the level-triggered line drops only
 * then), records them and returns what it saw. Bounded: a card that keeps
 * raising bits gets its interrupts masked until the DPC runs.
 */
UCHAR Ne2kServiceInterrupt(PNE2K_ADAPTER Adapter)
{
    UCHAR seen = 0, isr;
    ULONG rounds;

    for (rounds = 0; rounds < 16; rounds++) {
        isr = Ne2kpRead(Adapter, NE_ISR) & Adapter->Imr;
        if (isr == 0)
            break;
        Ne2kpWrite(Adapter, NE_ISR, isr);
        if (isr & (NE_ISR_PTX | NE_ISR_TXE)) {
            Adapter->TxStatus = Ne2kpRead(Adapter, NE_TSR);
            Adapter->TxDone = TRUE;
        }
        seen |= isr;
    }
    if (rounds == 16)
        Ne2kpWrite(Adapter, NE_IMR, 0);
    Adapter->IsrEvents |= seen;
    return seen;
}

/* Unmasks the card again: the interrupt routine masks one that will not
   quiet down, and the DPC calls this when it is done. */
VOID Ne2kEnableInterrupts(PNE2K_ADAPTER Adapter)
{
    Ne2kpWrite(Adapter, NE_IMR, Adapter->Imr);
}

/* CURR is on register page 1; switch there and back at DEVICE_LEVEL, so
   that the interrupt routine never finds the chip on page 1. */
static UCHAR Ne2kpReadCurrentPage(PNE2K_ADAPTER Adapter)
{
    KIRQL irql;
    UCHAR curr;

    KeRaiseIrql(DEVICE_LEVEL, &irql);
    Ne2kpWrite(Adapter, NE_CR, NE_CR_PS0 | NE_CR_RD2 | NE_CR_STA);
    curr = Ne2kpRead(Adapter, NE_CURR);
    Ne2kpWrite(Adapter, NE_CR, NE_CR_RD2 | NE_CR_STA);
    KeLowerIrql(irql);
    return curr;
}

/* Moves the host's read position to Page and tells the chip that the pages
   before it are free (BNRY trails the next frame to read by one page). */
static VOID Ne2kpAdvance(PNE2K_ADAPTER Adapter, UCHAR Page)
{
    Adapter->NextPacket = Page;
    Ne2kpWrite(Adapter, NE_BNRY, Page == NE_RX_START ? NE_RX_STOP - 1 : Page - 1);
}

/*
 * Looks at the next ring entry. STATUS_SUCCESS with its frame length;
 * STATUS_NO_MORE_ENTRIES when the ring is empty; STATUS_INVALID_NETWORK_
 * RESPONSE when the entry was bad (counted, and skipped - or, when its next
 * page cannot be trusted, everything up to CURR is discarded).
 */
NTSTATUS Ne2kPeekFrame(PNE2K_ADAPTER Adapter, PULONG Length)
{
    UCHAR header[NE_RING_HEADER], curr = Ne2kpReadCurrentPage(Adapter);
    ULONG count;

    if (curr < NE_RX_START || curr >= NE_RX_STOP || Adapter->NextPacket == curr)
        return STATUS_NO_MORE_ENTRIES;
    if (!NT_SUCCESS(Ne2kpReadRemote(Adapter, Adapter->NextPacket * NE_PAGE_SIZE, header,
                                    sizeof(header)))) {
        Adapter->Stats.RxBadFrames++;
        Ne2kpAdvance(Adapter, curr);
        return STATUS_INVALID_NETWORK_RESPONSE;
    }
    count = header[2] | header[3] << 8;
    /* A next page outside the ring, or this very page, would lose the
       ring or spin on one entry forever. */
    if (header[1] < NE_RX_START || header[1] >= NE_RX_STOP || header[1] == Adapter->NextPacket) {
        Adapter->Stats.RxBadFrames++;
        Ne2kpAdvance(Adapter, curr);
        return STATUS_INVALID_NETWORK_RESPONSE;
    }
    Adapter->PeekNext = header[1];
    if (!(header[0] & NE_RSR_PRX) || count < NE_RING_HEADER + MP_HEADER_LENGTH ||
        count > NE_RING_HEADER + MP_MAX_FRAME) {
        Adapter->Stats.RxBadFrames++;
        Ne2kpAdvance(Adapter, header[1]);
        return STATUS_INVALID_NETWORK_RESPONSE;
    }
    *Length = count - NE_RING_HEADER;
    return STATUS_SUCCESS;
}

/* Copies the entry Ne2kPeekFrame looked at (Buffer: Length + 1 bytes) and
   frees its pages. */
NTSTATUS Ne2kCopyFrame(PNE2K_ADAPTER Adapter, PUCHAR Buffer, ULONG Length)
{
    NTSTATUS status = Ne2kpReadRemote(Adapter, Adapter->NextPacket * NE_PAGE_SIZE + NE_RING_HEADER,
                                      Buffer, Length);

    Ne2kpAdvance(Adapter, Adapter->PeekNext);
    if (!NT_SUCCESS(status))
        Adapter->Stats.RxBadFrames++;
    return status;
}

VOID Ne2kSkipFrame(PNE2K_ADAPTER Adapter)
{
    Ne2kpAdvance(Adapter, Adapter->PeekNext);
}
