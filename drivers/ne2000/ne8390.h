/*
 * ne8390.h - the National DP8390 as it sits on an NE2000 board: register
 * names from the datasheet, the board's packet-RAM layout, and the chip
 * core's interface (ne8390.c) that the miniport (miniport.c) and the board
 * glue (ne2kbus.c) share.
 *
 * Interface (ne8390.c; the caller holds Adapter->Lock unless it says not):
 *   Ne2kResetChip           pulse the board's reset port, wait for ISR.RST
 *   Ne2kReadStationAddress  the MAC from the address PROM
 *   Ne2kStartChip           ring, receive filter, interrupt mask; start
 *   Ne2kTransmit            one frame, padded to 60 bytes, waited for
 *   Ne2kServiceInterrupt    the interrupt routine's body (DEVICE_LEVEL)
 *   Ne2kEnableInterrupts    unmask the card again (from the DPC)
 *   Ne2kPeekFrame           the next ring entry's length, bad ones skipped
 *   Ne2kCopyFrame, Ne2kSkipFrame   take or discard that entry
 */
#ifndef NE8390_H
#define NE8390_H

#include "ntdef.h"
#include "ke/ke.h"
#include "drivers/ne2000/miniport.h"

/* Registers, as offsets from the board's I/O base. Page 0 unless marked. */
enum NE8390_REGISTER {
    NE_CR      = 0x00,  /* command: page select, DMA command, start/stop, transmit */
    NE_PSTART  = 0x01,  /* w: first page of the receive ring */
    NE_CLDA0   = 0x01,  /* r: current local DMA address, low */
    NE_PSTOP   = 0x02,  /* w: page after the receive ring */
    NE_BNRY    = 0x03,  /* boundary: last ring page the host has read */
    NE_TPSR    = 0x04,  /* w: transmit page start */
    NE_TSR     = 0x04,  /* r: transmit status */
    NE_TBCR0   = 0x05,  /* w: transmit byte count, low */
    NE_NCR     = 0x05,  /* r: collision count */
    NE_TBCR1   = 0x06,  /* w: transmit byte count, high */
    NE_ISR     = 0x07,  /* interrupt status; write 1s to clear */
    NE_RSAR0   = 0x08,  /* w: remote DMA start address, low */
    NE_RSAR1   = 0x09,  /* w: remote DMA start address, high */
    NE_RBCR0   = 0x0A,  /* w: remote DMA byte count, low */
    NE_RBCR1   = 0x0B,  /* w: remote DMA byte count, high */
    NE_RCR     = 0x0C,  /* w: receive configuration */
    NE_RSR     = 0x0C,  /* r: receive status of the last frame */
    NE_TCR     = 0x0D,  /* w: transmit configuration */
    NE_DCR     = 0x0E,  /* w: data configuration */
    NE_IMR     = 0x0F,  /* w: interrupt mask */
    NE_PAR0    = 0x01,  /* page 1: physical address, 6 registers */
    NE_CURR    = 0x07,  /* page 1: current page the chip receives into */
    NE_MAR0    = 0x08,  /* page 1: multicast filter, 8 registers */
    NE_DATA    = 0x10,  /* board: remote DMA data port */
    NE_RESET   = 0x1F,  /* board: reading it resets the card */
};

/* CR bits. */
enum {
    NE_CR_STP  = 0x01,  /* stop: no receive, no transmit */
    NE_CR_STA  = 0x02,  /* start */
    NE_CR_TXP  = 0x04,  /* transmit the packet at TPSR (self-clearing) */
    NE_CR_RD0  = 0x08,  /* remote read */
    NE_CR_RD1  = 0x10,  /* remote write */
    NE_CR_RD2  = 0x20,  /* abort or complete remote DMA */
    NE_CR_PS0  = 0x40,  /* register page 1 */
};

/* ISR and IMR bits. */
enum {
    NE_ISR_PRX = 0x01,  /* a frame was received */
    NE_ISR_PTX = 0x02,  /* a frame was transmitted */
    NE_ISR_RXE = 0x04,  /* receive error */
    NE_ISR_TXE = 0x08,  /* transmit aborted */
    NE_ISR_OVW = 0x10,  /* receive ring overwrite warning */
    NE_ISR_CNT = 0x20,  /* a tally counter passed half */
    NE_ISR_RDC = 0x40,  /* remote DMA complete */
    NE_ISR_RST = 0x80,  /* reset done or chip stopped */
};

#define NE_RCR_AB   0x04    /* accept broadcast */
#define NE_RCR_MON  0x20    /* monitor: check, do not buffer */
#define NE_TCR_LB0  0x02    /* internal loopback */
#define NE_DCR_WTS  0x01    /* word-wide remote DMA */
#define NE_DCR_LS   0x08    /* normal operation (not loopback) */
#define NE_DCR_FT1  0x40    /* FIFO threshold 8 bytes */
#define NE_RSR_PRX  0x01    /* ring header status: received intact */
#define NE_TSR_PTX  0x01    /* transmitted without error */

/*
 * Packet RAM, in 256-byte pages: 0x40..0x45 hold the one frame being sent
 * (1536 bytes), 0x46..0xBF are the receive ring. PROM is at address 0.
 */
#define NE_PAGE_SIZE    256
#define NE_TX_START     0x40
#define NE_RX_START     0x46
#define NE_RX_STOP      0xC0
#define NE_PROM_LENGTH  32
#define NE_RING_HEADER  4       /* status, next page, byte count (frame + 4) */

#define NE_WAIT_RESET_MS    50
#define NE_WAIT_DMA_MS      20
#define NE_WAIT_TX_MS       50

/* The adapter. Lock (DISPATCH_LEVEL) guards the chip's registers outside
   the interrupt routine, remote DMA, NextPacket, Inbox and Protocol; the
   interrupt routine touches only ISR and TSR and the fields marked (isr),
   which others read or clear at DEVICE_LEVEL (KeRaiseIrql: a driver does
   not touch the interrupt flag itself). Lock ranks LockRankNe2kAdapter,
   below the protocol's lock (IPX binds under Ipx.Lock); a frame is
   indicated to the protocol with it dropped. */
typedef struct _NE2K_ADAPTER {
    USHORT IoBase;
    UCHAR Irq;
    UCHAR StationAddress[6];
    char Location[24];                  /* "pci 00:03.0" or "isa" */
    KSPIN_LOCK Lock;
    UCHAR Imr;                          /* interrupts enabled */
    UCHAR NextPacket;                   /* ring page of the next frame to read */
    UCHAR PeekNext;                     /* its header's next page (Ne2kPeekFrame) */
    volatile UCHAR IsrEvents;           /* (isr) acknowledged, not yet handled */
    volatile UCHAR TxStatus;            /* (isr) TSR of the last completion */
    volatile BOOLEAN TxDone;            /* (isr) the last transmit finished */
    BOOLEAN Draining;                   /* a drain is in progress */
    BOOLEAN UseInbox;                   /* sched=pct: frames wait in Inbox */
    KDPC Dpc;
    PMP_RECEIVE_INDICATION Receive;     /* the bound protocol (rr) */
    PVOID ReceiveContext;
    ULONG InboxHead, InboxTail;         /* (pct) taken at Head, filled at Tail */
    struct _MP_INBOX_SLOT *Inbox;       /* MP_INBOX_FRAMES slots */
    UCHAR RxBuffer[MP_MAX_FRAME + 2];   /* the frame being indicated (rr) */
    MP_STATISTICS Stats;
} NE2K_ADAPTER;

typedef struct _MP_INBOX_SLOT {
    ULONG Length;
    UCHAR Frame[MP_MAX_FRAME + 2];      /* +2: word-wide DMA of an odd length */
} MP_INBOX_SLOT;

NTSTATUS Ne2kResetChip(PNE2K_ADAPTER Adapter);
NTSTATUS Ne2kReadStationAddress(PNE2K_ADAPTER Adapter);
NTSTATUS Ne2kStartChip(PNE2K_ADAPTER Adapter);
NTSTATUS Ne2kTransmit(PNE2K_ADAPTER Adapter, const UCHAR *Frame, ULONG Length);
UCHAR Ne2kServiceInterrupt(PNE2K_ADAPTER Adapter);
VOID Ne2kEnableInterrupts(PNE2K_ADAPTER Adapter);
NTSTATUS Ne2kPeekFrame(PNE2K_ADAPTER Adapter, PULONG Length);
NTSTATUS Ne2kCopyFrame(PNE2K_ADAPTER Adapter, PUCHAR Buffer, ULONG Length);
VOID Ne2kSkipFrame(PNE2K_ADAPTER Adapter);

/* miniport.c, for the board glue. */
NTSTATUS Ne2kAddAdapter(USHORT IoBase, UCHAR Irq, const char *Location);

#endif
