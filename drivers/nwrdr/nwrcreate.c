/*
 * nwrcreate.c - opening and closing through NWRDR: IRP_MJ_CREATE, CLEANUP
 * and CLOSE.
 *
 * An open of "" is the redirector itself (the FSCTLs go there). Any other
 * name must be "\;X:\SERVER\VOLUME[\PATH]" and is judged by the caller's
 * context (nwrdrp.h): its tie for X: must name SERVER\VOLUME. The volume's
 * root is a directory and needs nothing on the wire. A path is opened as
 * NetWare has it, "VOLUME:PATH" from no directory handle, on the tie's
 * connection, in the caller's thread: as a file when it is one (Open File,
 * or Create File for the dispositions that create or overwrite), else as
 * a directory when a directory handle can be had for it (made with Create
 * Directory when FILE_DIRECTORY_FILE asks it to be created). FILE_CREATE
 * makes a file with Create New File, which fails if the name exists. The NCP file
 * handle is closed at CLEANUP (the last handle), the FCB freed at CLOSE.
 *
 * Interface: NwrCreate, NwrCleanup, NwrClose, NwrMapTimes.
 */
#include <stdio.h>
#include <string.h>
#include "drivers/nwrdr/nwrdrp.h"

#define NWR_DISPOSITION(sp) ((sp)->Parameters.Create.Options >> 24)
#define NWR_OPTIONS(sp)     ((sp)->Parameters.Create.Options & 0x00FFFFFF)

/* "VOLUME:PATH", as NCP names a file from no directory handle. */
static VOID NwrpNcpPath(const NWR_FCB *Fcb, PCHAR Out, ULONG Size)
{
    NwrNcpPath(Fcb, Fcb->Path, Out, Size);
}

static VOID NwrpTakeFileInfo(PNWR_FCB Fcb, const NCP_FILE_INFO *Info)
{
    memcpy(Fcb->Handle, Info->Handle, sizeof(Fcb->Handle));
    Fcb->Size = Info->Size;
    Fcb->Attributes = Info->Attributes;
    Fcb->CreationDate = Info->CreationDate;
    Fcb->AccessDate = Info->AccessDate;
    Fcb->UpdateDate = Info->UpdateDate;
    Fcb->UpdateTime = Info->UpdateTime;
    Fcb->Kind = NwrFcbFile;
}

/* Is PATH a directory? A temporary directory handle says. */
static NTSTATUS NwrpProbeDirectory(PNWR_FCB Fcb, PCSTR Path)
{
    PNCP_CONNECTION c = Fcb->Tie->Server->Ncp;
    UCHAR dir;
    NTSTATUS status = NcpAllocDirHandle(c, FALSE, 0, Path, &dir);

    if (NT_SUCCESS(status)) {
        NcpDeallocDirHandle(c, dir);
        Fcb->Kind = NwrFcbDirectory;
    }
    return status;
}

static BOOLEAN NwrpNotFound(NTSTATUS Status)
{
    return Status == STATUS_NO_SUCH_FILE || Status == STATUS_OBJECT_NAME_NOT_FOUND ||
           Status == STATUS_OBJECT_PATH_NOT_FOUND;
}

/* A directory that is not there, for a disposition that makes one. */
static NTSTATUS NwrpMakeDirectory(PNWR_FCB Fcb, PCSTR Path, ULONG Disposition,
                                  PULONG Information)
{
    NTSTATUS status;

    if (Disposition != FILE_CREATE && Disposition != FILE_OPEN_IF)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    status = NcpCreateDirectory(Fcb->Tie->Server->Ncp, 0, Path);
    if (NT_SUCCESS(status)) {
        Fcb->Kind = NwrFcbDirectory;
        *Information = FILE_CREATED;
    }
    return status == STATUS_OBJECT_PATH_NOT_FOUND || status == STATUS_NO_SUCH_FILE
           ? STATUS_OBJECT_PATH_NOT_FOUND : status;
}

/* A path, by the caller's disposition; *Information as NT reports it. */
static NTSTATUS NwrpOpenPath(PNWR_FCB Fcb, PIO_STACK_LOCATION Sp, PULONG Information)
{
    PNCP_CONNECTION c = Fcb->Tie->Server->Ncp;
    ULONG disposition = NWR_DISPOSITION(Sp), options = NWR_OPTIONS(Sp);
    UCHAR access = (Sp->Parameters.Create.DesiredAccess & FILE_WRITE_DATA) ?
                   NCP_ACCESS_READ | NCP_ACCESS_WRITE : NCP_ACCESS_READ;
    CHAR path[NWR_MAX_VOLUME + NWR_MAX_PATH + 2];
    NCP_FILE_INFO info;
    NTSTATUS status = STATUS_OBJECT_NAME_NOT_FOUND;

    NwrpNcpPath(Fcb, path, sizeof(path));
    if (disposition > FILE_OVERWRITE_IF)
        return STATUS_INVALID_PARAMETER;
    if (!(options & FILE_DIRECTORY_FILE))
        status = NcpOpenFile(c, 0, path, access, &info);
    if (NT_SUCCESS(status)) {
        if (disposition == FILE_CREATE) {
            NcpCloseFile(c, info.Handle);
            return STATUS_OBJECT_NAME_COLLISION;
        }
        if (disposition == FILE_OPEN || disposition == FILE_OPEN_IF) {
            NwrpTakeFileInfo(Fcb, &info);
            *Information = FILE_OPENED;
            return STATUS_SUCCESS;
        }
        NcpCloseFile(c, info.Handle);       /* overwrite or supersede: create over it */
        *Information = disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
    } else if (!NwrpNotFound(status)) {
        return status;
    } else {
        status = NwrpProbeDirectory(Fcb, path);
        if (NT_SUCCESS(status) && (options & FILE_NON_DIRECTORY_FILE))
            return STATUS_FILE_IS_A_DIRECTORY;
        if (NT_SUCCESS(status)) {
            *Information = FILE_OPENED;
            return disposition == FILE_CREATE ? STATUS_OBJECT_NAME_COLLISION : STATUS_SUCCESS;
        }
        if (options & FILE_DIRECTORY_FILE)
            return NwrpNotFound(status) ? NwrpMakeDirectory(Fcb, path, disposition, Information)
                                        : status;
        if (disposition == FILE_OPEN || disposition == FILE_OVERWRITE)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        *Information = FILE_CREATED;
    }
    /* Create New File fails where another caller made the name meanwhile */
    status = disposition == FILE_CREATE ? NcpCreateNewFile(c, 0, path, &info)
                                        : NcpCreateFile(c, 0, path, &info);
    if (NT_SUCCESS(status))
        NwrpTakeFileInfo(Fcb, &info);
    return status;
}

/* SL_OPEN_TARGET_DIRECTORY, a rename's target: the directory that would
   hold PATH's last component, which is left in the file object's name,
   and whether that component exists. */
static NTSTATUS NwrpOpenTarget(PNWR_FCB Fcb, PFILE_OBJECT File, PULONG Information)
{
    PNCP_CONNECTION c = Fcb->Tie->Server->Ncp;
    PCHAR slash = strrchr(Fcb->Path, '\\');
    PCSTR last = slash != NULL ? slash + 1 : Fcb->Path;
    CHAR path[NWR_MAX_VOLUME + NWR_MAX_PATH + 2];
    NCP_FILE_INFO info;
    NTSTATUS status;

    NwrpNcpPath(Fcb, path, sizeof(path));
    status = NcpOpenFile(c, 0, path, NCP_ACCESS_READ, &info);
    if (NT_SUCCESS(status))
        NcpCloseFile(c, info.Handle);
    else if (NwrpNotFound(status) && NT_SUCCESS(NwrpProbeDirectory(Fcb, path)))
        status = STATUS_SUCCESS;
    if (!NT_SUCCESS(status) && !NwrpNotFound(status))
        return status;
    *Information = NT_SUCCESS(status) ? FILE_EXISTS : FILE_DOES_NOT_EXIST;
    memmove(File->FileName.Buffer, last, strlen(last));
    File->FileName.Length = (USHORT)strlen(last);
    if (slash != NULL)
        *slash = '\0';
    else
        Fcb->Path[0] = '\0';
    Fcb->Kind = NwrFcbDirectory;
    if (Fcb->Path[0] == '\0')
        return STATUS_SUCCESS;          /* the volume's root */
    NwrpNcpPath(Fcb, path, sizeof(path));
    status = NwrpProbeDirectory(Fcb, path);
    return NwrpNotFound(status) ? STATUS_OBJECT_PATH_NOT_FOUND : status;
}

/* The root of the tie's volume: a directory, never made nor replaced. */
static NTSTATUS NwrpOpenRoot(PNWR_FCB Fcb, PIO_STACK_LOCATION Sp, PULONG Information)
{
    ULONG disposition = NWR_DISPOSITION(Sp);

    Fcb->Kind = NwrFcbDirectory;
    *Information = FILE_OPENED;
    if (NWR_OPTIONS(Sp) & FILE_NON_DIRECTORY_FILE)
        return STATUS_FILE_IS_A_DIRECTORY;
    if (disposition == FILE_CREATE)
        return STATUS_OBJECT_NAME_COLLISION;
    return disposition == FILE_OPEN || disposition == FILE_OPEN_IF ? STATUS_SUCCESS
                                                                    : STATUS_ACCESS_DENIED;
}

/* An open under the caller's tie: the FCB holds the tie. */
static NTSTATUS NwrpOpenUnderTie(const NWR_NAME *Name, PIO_STACK_LOCATION Sp, PNWR_FCB Fcb,
                                 PULONG Information)
{
    PNWR_CONTEXT context = NwrReferenceCallerContext(FALSE);
    NTSTATUS status = NwrFindTie(context, Name, &Fcb->Tie);

    if (context != NULL)
        NwrDereferenceContext(context);
    if (!NT_SUCCESS(status))
        return status;
    strcpy(Fcb->Path, Name->Path);
    if (Fcb->Tie->Server->Dead)
        status = STATUS_CONNECTION_DISCONNECTED;
    else if (Sp->Flags & SL_OPEN_TARGET_DIRECTORY)
        status = Name->Kind == NwrNameFile
                 ? NwrNetworkStatus(Fcb->Tie->Server,
                                    NwrpOpenTarget(Fcb, Sp->FileObject, Information))
                 : STATUS_OBJECT_NAME_INVALID;
    else if (Name->Kind == NwrNameVolume)
        status = NwrpOpenRoot(Fcb, Sp, Information);
    else
        status = NwrNetworkStatus(Fcb->Tie->Server, NwrpOpenPath(Fcb, Sp, Information));
    if (!NT_SUCCESS(status)) {
        NwrDereferenceTie(Fcb->Tie);
        return status;
    }
    NwrLock();
    Fcb->Tie->OpenFiles++;
    InsertTailList(&Fcb->Tie->Fcbs, &Fcb->Links);
    NwrData.Stats.Opens++;
    NwrData.Stats.FilesOpen += Fcb->Kind == NwrFcbFile;
    NwrUnlock();
    return STATUS_SUCCESS;
}

NTSTATUS NwrCreate(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT file = sp->FileObject;
    ULONG information = FILE_OPENED;
    NWR_NAME name;
    PNWR_FCB fcb;
    NTSTATUS status = NwrParseName(&file->FileName, &name);

    if (!NT_SUCCESS(status))
        return NwrComplete(Irp, status, 0);
    fcb = ExAllocatePoolWithTag(NonPagedPool, sizeof(*fcb), NWR_FCB_TAG);
    if (fcb == NULL)
        return NwrComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    memset(fcb, 0, sizeof(*fcb));
    if (name.Kind != NwrNameDevice)
        status = NwrpOpenUnderTie(&name, sp, fcb, &information);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(fcb, NWR_FCB_TAG);
        return NwrComplete(Irp, status, 0);
    }
    file->FsContext = fcb;
    return NwrComplete(Irp, STATUS_SUCCESS, information);
}

/* A delete asked for with FileDispositionInformation, now that this open's
   NCP file is closed (NetWare erases no open file). */
static VOID NwrpDeleteNow(PNWR_FCB Fcb)
{
    CHAR path[NWR_MAX_VOLUME + NWR_MAX_PATH + 2];

    NwrpNcpPath(Fcb, path, sizeof(path));
    if (Fcb->Kind == NwrFcbFile)
        NwrNetworkStatus(Fcb->Tie->Server, NcpEraseFile(Fcb->Tie->Server->Ncp, 0, path));
    else
        NwrNetworkStatus(Fcb->Tie->Server, NcpDeleteDirectory(Fcb->Tie->Server->Ncp, 0, path));
}

/* The last handle: the NCP file and the search go, a pending delete is
   done, the tie's count drops. */
NTSTATUS NwrCleanup(PDEVICE_OBJECT Device, PIRP Irp)
{
    PNWR_FCB fcb = IoGetCurrentIrpStackLocation(Irp)->FileObject->FsContext;

    if (fcb == NULL || fcb->Kind == NwrFcbDevice)
        return NwrComplete(Irp, STATUS_SUCCESS, 0);
    if (fcb->Kind == NwrFcbFile)
        NcpCloseFile(fcb->Tie->Server->Ncp, fcb->Handle);
    if (fcb->SearchDir != 0)
        NcpDeallocDirHandle(fcb->Tie->Server->Ncp, fcb->SearchDir);
    fcb->SearchDir = 0;
    if (fcb->DeletePending && !fcb->Tie->Server->Dead)
        NwrpDeleteNow(fcb);
    NwrLock();
    fcb->Tie->OpenFiles--;
    RemoveEntryList(&fcb->Links);
    NwrData.Stats.Opens--;
    NwrData.Stats.FilesOpen -= fcb->Kind == NwrFcbFile;
    NwrUnlock();
    return NwrComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS NwrClose(PDEVICE_OBJECT Device, PIRP Irp)
{
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PNWR_FCB fcb = file->FsContext;

    file->FsContext = NULL;
    if (fcb != NULL && fcb->Tie != NULL)
        NwrDereferenceTie(fcb->Tie);
    if (fcb != NULL)
        ExFreePoolWithTag(fcb, NWR_FCB_TAG);
    return NwrComplete(Irp, STATUS_SUCCESS, 0);
}

/* A NetWare date and time (DOS's packing: years from 1980, 2-second
   steps) as NT time: 100 ns units since 1601. */
NTSTATUS NwrMapTimes(USHORT Date, USHORT Time, LONG64 *NtTime)
{
    static const USHORT days[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    ULONG year = 1980 + (Date >> 9), month = (Date >> 5) & 15, day = Date & 31;
    ULONG64 d;

    if (Date == 0) {
        *NtTime = 0;
        return STATUS_SUCCESS;
    }
    if (month < 1 || month > 12 || day < 1)
        return STATUS_INVALID_PARAMETER;
    d = (year - 1601) * 365ull + (year - 1601) / 4 - (year - 1601) / 100 + (year - 1601) / 400;
    d += days[month - 1] + day - 1;
    if (month > 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
        d++;
    *NtTime = (LONG64)((d * 86400ull + (Time >> 11) * 3600ull + ((Time >> 5) & 63) * 60ull +
                        (Time & 31) * 2ull) * 10000000ull);
    return STATUS_SUCCESS;
}
