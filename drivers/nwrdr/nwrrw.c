/*
 * nwrrw.c - reads and writes through NWRDR. The dispatch routine checks
 * the request and posts it to the file's server connection (nwrfsp.c);
 * the connection's worker moves the data with NCP Read File and Write File
 * in pieces of the negotiated buffer size, none crossing a multiple of it
 * (as NetWare clients cut their reads), and completes the IRP. A read at
 * or past the end of the file is STATUS_END_OF_FILE, as NT's file systems
 * answer; a short read is the bytes there were. The file's current byte
 * offset follows each transfer. A server gone silent ends the transfer
 * with NwrNetworkStatus's answer and kills the connection: what is queued
 * behind it fails at once, and so does every later request on the open
 * (NwrCheckOpen), without a frame.
 *
 * Interface: NwrRead, NwrWrite.
 */
#include <string.h>
#include "drivers/nwrdr/nwrdrp.h"

/* The next piece at Offset (nwrname.c). */
static USHORT NwrpPiece(const NWR_FCB *Fcb, ULONG64 Offset, ULONG Remaining)
{
    return NwrPiece(Fcb->Tie->Server->BufferSize, Offset, Remaining);
}

static NTSTATUS NwrpReadWork(PNWR_CCB Ccb, PIRP Irp)
{
    PNWR_FCB fcb = Ccb->Fcb;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG64 offset = (ULONG64)sp->Parameters.Read.ByteOffset;
    ULONG length = sp->Parameters.Read.Length, done = 0;
    PUCHAR buffer = Irp->SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    USHORT got = 0, piece;

    while (done < length && NT_SUCCESS(status)) {
        piece = NwrpPiece(fcb, offset + done, length - done);
        status = NcpReadFile(fcb->Tie->Server->Ncp, Ccb->Handle, (ULONG)(offset + done),
                             buffer + done, piece, &got);
        if (NT_SUCCESS(status))
            done += got;
        if (got < piece)
            break;
    }
    status = NwrNetworkStatus(fcb->Tie->Server, status);
    if (NT_SUCCESS(status) && done == 0)
        status = STATUS_END_OF_FILE;
    if (done > 0 && status != STATUS_END_OF_FILE)
        status = STATUS_SUCCESS;    /* what came before a failure is the answer */
    sp->FileObject->CurrentByteOffset = (LONG64)(offset + done);
    Irp->IoStatus.Information = done;
    NwrLock();
    NwrData.Stats.Reads++;
    NwrData.Stats.BytesRead += done;
    NwrUnlock();
    return status;
}

static NTSTATUS NwrpWriteWork(PNWR_CCB Ccb, PIRP Irp)
{
    PNWR_FCB fcb = Ccb->Fcb;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG64 offset = (ULONG64)sp->Parameters.Write.ByteOffset;
    ULONG length = sp->Parameters.Write.Length, done = 0;
    PUCHAR buffer = Irp->SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    USHORT piece;

    while (done < length && NT_SUCCESS(status)) {
        piece = NwrpPiece(fcb, offset + done, length - done);
        status = NcpWriteFile(fcb->Tie->Server->Ncp, Ccb->Handle, (ULONG)(offset + done),
                              buffer + done, piece);
        if (NT_SUCCESS(status))
            done += piece;
    }
    status = NwrNetworkStatus(fcb->Tie->Server, status);
    if (offset + done > fcb->Size)
        fcb->Size = (ULONG)(offset + done);
    sp->FileObject->CurrentByteOffset = (LONG64)(offset + done);
    Irp->IoStatus.Information = done;
    NwrLock();
    NwrData.Stats.Writes++;
    NwrData.Stats.BytesWritten += done;
    NwrUnlock();
    return status;
}

/* The checks both share; STATUS_PENDING when the IRP was posted. */
static NTSTATUS NwrpPostTransfer(PIRP Irp, ULONG Length, LONG64 Offset, PNWR_WORK_ROUTINE Work)
{
    PNWR_FCB fcb = IoGetCurrentIrpStackLocation(Irp)->FileObject->FsContext;
    NTSTATUS status;

    if (fcb == NULL || fcb->Kind == NwrFcbDevice)
        return NwrComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    if (fcb->Kind == NwrFcbDirectory)
        return NwrComplete(Irp, STATUS_FILE_IS_A_DIRECTORY, 0);
    if (Offset < 0 || (ULONG64)Offset + Length > 0xFFFFFFFFull)
        return NwrComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    if (Length == 0)
        return NwrComplete(Irp, STATUS_SUCCESS, 0);
    status = NwrCheckOpen(fcb);
    if (!NT_SUCCESS(status))
        return NwrComplete(Irp, status, 0);
    return NwrPostWork(fcb->Tie->Server, Irp, Work);
}

NTSTATUS NwrRead(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    return NwrpPostTransfer(Irp, sp->Parameters.Read.Length, sp->Parameters.Read.ByteOffset,
                            NwrpReadWork);
}

NTSTATUS NwrWrite(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    return NwrpPostTransfer(Irp, sp->Parameters.Write.Length, sp->Parameters.Write.ByteOffset,
                            NwrpWriteWork);
}
