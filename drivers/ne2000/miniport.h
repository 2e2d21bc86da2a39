/*
 * miniport.h - what a protocol driver (IPX) sees of the NE2000 driver: the
 * adapters found at boot, sending a frame, and the two ways frames come in.
 *
 * Interface (miniport.c):
 *   Ne2kDriverEntry       boot (the driver table): probe PCI, then ISA; one
 *                         line per card
 *   MpAdapterCount, MpGetAdapter, MpQueryStationAddress, MpQueryStatistics
 *   MpRegisterProtocol, MpDeregisterProtocol
 *   MpSendFrame           one Ethernet frame, synchronous, bounded wait
 *   MpInboxCount, MpTakeFrame, MpWaitForFrame     (sched=pct)
 *
 * Receive contract. The interrupt's DPC drains the card's ring eagerly.
 *   sched=rr   each frame is indicated as it is drained: the protocol's
 *              MP_RECEIVE_INDICATION runs at DISPATCH_LEVEL with no driver
 *              lock held, and must copy what it keeps before returning (the
 *              buffer is reused). With no protocol bound the frame is
 *              counted in RxDropped.
 *   sched=pct  the DPC only copies frames into the adapter's inbox, a FIFO
 *              of MP_INBOX_FRAMES: no trace record, no pool allocation, no
 *              event, no indication. A frame that finds the inbox full is
 *              counted in RxDropped. The protocol takes frames with
 *              MpTakeFrame when the scheduler decides (a KSCHED_SOURCE whose
 *              Ready is MpInboxCount() != 0); MpWaitForFrame waits on the
 *              real clock for one to arrive, draining the card itself, so it
 *              works at DISPATCH_LEVEL inside a Deliver callback too.
 * Frames are whole Ethernet frames without CRC, 60..1514 bytes (the card
 * pads short ones to 60 on receive).
 */
#ifndef MINIPORT_H
#define MINIPORT_H

#include "ntdef.h"

#define MP_MIN_FRAME        60
#define MP_MAX_FRAME        1514
#define MP_HEADER_LENGTH    14
#define MP_INBOX_FRAMES     32
#define MP_MAX_ADAPTERS     2

typedef struct _NE2K_ADAPTER NE2K_ADAPTER, *PNE2K_ADAPTER;

/* Called at DISPATCH_LEVEL under sched=rr; Frame is valid only during the call. */
typedef VOID (*PMP_RECEIVE_INDICATION)(PVOID ProtocolContext, PNE2K_ADAPTER Adapter,
                                       const UCHAR *Frame, ULONG Length);

typedef struct _MP_STATISTICS {
    ULONG FramesIn, BytesIn;        /* frames taken from the ring intact */
    ULONG FramesOut, BytesOut;      /* frames the card reported sent */
    ULONG RxDropped;                /* intact, but no protocol (rr) or inbox full (pct) */
    ULONG RxBadFrames;              /* ring entries that lied: status, length, next page */
    ULONG TxErrors;                 /* aborted or never completed */
    ULONG Interrupts;               /* interrupt routine calls that found work */
} MP_STATISTICS, *PMP_STATISTICS;

struct _DRIVER_OBJECT;
NTSTATUS Ne2kDriverEntry(struct _DRIVER_OBJECT *Driver);

ULONG MpAdapterCount(VOID);
PNE2K_ADAPTER MpGetAdapter(ULONG Index);
VOID MpQueryStationAddress(PNE2K_ADAPTER Adapter, UCHAR Address[6]);
VOID MpQueryStatistics(PNE2K_ADAPTER Adapter, PMP_STATISTICS Statistics);

/* One protocol per adapter: STATUS_DEVICE_BUSY if one is bound already. */
NTSTATUS MpRegisterProtocol(PNE2K_ADAPTER Adapter, PMP_RECEIVE_INDICATION Receive,
                            PVOID ProtocolContext);
VOID MpDeregisterProtocol(PNE2K_ADAPTER Adapter);

/*
 * Sends Frame (destination, source, type, data; 14..1514 bytes; shorter
 * than 60 is padded with zeros) and waits for the card to report it sent.
 * At or below DISPATCH_LEVEL. STATUS_SUCCESS, STATUS_INVALID_PARAMETER for
 * a bad length, STATUS_IO_TIMEOUT when the card did not answer in time,
 * STATUS_UNSUCCESSFUL when it aborted the transmission.
 */
NTSTATUS MpSendFrame(PNE2K_ADAPTER Adapter, const UCHAR *Frame, ULONG Length);

/* sched=pct. MpTakeFrame copies the oldest frame and removes it:
   STATUS_NO_MORE_ENTRIES when the inbox is empty, STATUS_BUFFER_TOO_SMALL
   (frame kept) when Buffer is short. MpWaitForFrame returns TRUE once the
   inbox holds a frame, FALSE after TimeoutMs of real time. */
ULONG MpInboxCount(PNE2K_ADAPTER Adapter);
NTSTATUS MpTakeFrame(PNE2K_ADAPTER Adapter, PUCHAR Buffer, ULONG BufferSize, PULONG Length);
BOOLEAN MpWaitForFrame(PNE2K_ADAPTER Adapter, ULONG TimeoutMs);

#endif
