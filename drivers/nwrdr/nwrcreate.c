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
 * makes a file with Create New File, which fails if the name exists.
 *
 * Every open has its CCB and its own NCP file handle, closed at its
 * CLEANUP; the opens of one path share an FCB, entered on the tie once the
 * wire has answered, freed at the last CLOSE. A delete set on the FCB is
 * done at the last CLEANUP; until then a new open of the path is
 * STATUS_DELETE_PENDING.
 *
 * Interface: NwrCreate, NwrCleanup, NwrClose.
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

static VOID NwrpTakeFileInfo(PNWR_FCB Fcb, PNWR_CCB Ccb, const NCP_FILE_INFO *Info)
{
    memcpy(Ccb->Handle, Info->Handle, sizeof(Ccb->Handle));
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
static NTSTATUS NwrpOpenPath(PNWR_FCB Fcb, PNWR_CCB Ccb, PIO_STACK_LOCATION Sp,
                             PULONG Information)
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
            NwrpTakeFileInfo(Fcb, Ccb, &info);
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
        NwrpTakeFileInfo(Fcb, Ccb, &info);
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

/* The FCB of an open path: the one its other opens share, or New made
   the tie's (lock held). NULL when that one's delete is pending. */
static PNWR_FCB NwrpShareFcb(PNWR_FCB New)
{
    PNWR_TIE t = New->Tie;

    for (PLIST_ENTRY e = t->Fcbs.Flink; e != &t->Fcbs; e = e->Flink) {
        PNWR_FCB f = CONTAINING_RECORD(e, NWR_FCB, Links);
        if (f->Kind == New->Kind && strcmp(f->Path, New->Path) == 0) {
            if (f->DeletePending)
                return NULL;
            f->References++;
            f->OpenHandles++;
            return f;
        }
    }
    New->References = New->OpenHandles = 1;
    InsertTailList(&t->Fcbs, &New->Links);
    return New;
}

/* Is a delete pending on Path's FCB? (lock held) */
static BOOLEAN NwrpDeletePending(PNWR_TIE Tie, PCSTR Path)
{
    for (PLIST_ENTRY e = Tie->Fcbs.Flink; e != &Tie->Fcbs; e = e->Flink) {
        PNWR_FCB f = CONTAINING_RECORD(e, NWR_FCB, Links);
        if (f->DeletePending && strcmp(f->Path, Path) == 0)
            return TRUE;
    }
    return FALSE;
}

/* What the open does on the wire, by its kind. */
static NTSTATUS NwrpOpenOnWire(const NWR_NAME *Name, PIO_STACK_LOCATION Sp, PNWR_FCB Fcb,
                               PNWR_CCB Ccb, PULONG Information)
{
    NTSTATUS status = NwrCheckOpen(Fcb);
    BOOLEAN pending;

    if (!NT_SUCCESS(status))
        return status;
    NwrLock();
    pending = NwrpDeletePending(Fcb->Tie, Fcb->Path);
    NwrUnlock();
    if (pending)
        return STATUS_DELETE_PENDING;
    if (Sp->Flags & SL_OPEN_TARGET_DIRECTORY)
        return Name->Kind == NwrNameFile
               ? NwrNetworkStatus(Fcb->Tie->Server, NwrpOpenTarget(Fcb, Sp->FileObject,
                                                                   Information))
               : STATUS_OBJECT_NAME_INVALID;
    if (Name->Kind == NwrNameVolume)
        return NwrpOpenRoot(Fcb, Sp, Information);
    return NwrNetworkStatus(Fcb->Tie->Server, NwrpOpenPath(Fcb, Ccb, Sp, Information));
}

/* Enters a new open: its FCB shared with the path's other opens, or Fcb
   made the tie's; *Shared gets the one it uses. */
static NTSTATUS NwrpEnterOpen(PNWR_FCB Fcb, PNWR_CCB Ccb, PNWR_FCB *Shared)
{
    NwrLock();
    *Shared = NwrpShareFcb(Fcb);
    if (*Shared != NULL) {
        Ccb->Fcb = *Shared;
        InsertTailList(&(*Shared)->Ccbs, &Ccb->Links);
        Fcb->Tie->OpenFiles++;
        NwrData.Stats.Opens++;
        NwrData.Stats.FilesOpen += Fcb->Kind == NwrFcbFile;
    }
    NwrUnlock();
    return *Shared != NULL ? STATUS_SUCCESS : STATUS_DELETE_PENDING;
}

/* An open under the caller's tie. Fcb (a new one, holding the tie) is
   entered or, when the path has one already, given up for it. */
static NTSTATUS NwrpOpenUnderTie(const NWR_NAME *Name, PIO_STACK_LOCATION Sp, PNWR_FCB Fcb,
                                 PNWR_CCB Ccb, PULONG Information)
{
    PNWR_CONTEXT context = NwrReferenceCallerContext(FALSE);
    NTSTATUS status = NwrFindTie(context, Name, &Fcb->Tie);
    PNWR_FCB shared = NULL;

    if (context != NULL)
        NwrDereferenceContext(context);
    if (!NT_SUCCESS(status))
        return status;
    strcpy(Fcb->Path, Name->Path);
    status = NwrpOpenOnWire(Name, Sp, Fcb, Ccb, Information);
    if (NT_SUCCESS(status))
        status = NwrpEnterOpen(Fcb, Ccb, &shared);
    if (!NT_SUCCESS(status) && Fcb->Kind == NwrFcbFile && !Fcb->Tie->Server->Dead)
        NcpCloseFile(Fcb->Tie->Server->Ncp, Ccb->Handle);
    if (shared != Fcb)
        NwrDereferenceTie(Fcb->Tie);        /* the FCB it shares holds it */
    return status;
}

NTSTATUS NwrCreate(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT file = sp->FileObject;
    ULONG information = FILE_OPENED;
    NWR_NAME name;
    PNWR_FCB fcb;
    PNWR_CCB ccb;
    NTSTATUS status = NwrParseName(&file->FileName, &name);

    if (!NT_SUCCESS(status))
        return NwrComplete(Irp, status, 0);
    if (name.Kind == NwrNameDevice) {
        file->FsContext = &NwrDeviceFcb;
        return NwrComplete(Irp, STATUS_SUCCESS, FILE_OPENED);
    }
    fcb = ExAllocatePoolWithTag(NonPagedPool, sizeof(*fcb), NWR_FCB_TAG);
    ccb = ExAllocatePoolWithTag(NonPagedPool, sizeof(*ccb), NWR_FCB_TAG);
    status = fcb != NULL && ccb != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    if (NT_SUCCESS(status)) {
        memset(fcb, 0, sizeof(*fcb));
        memset(ccb, 0, sizeof(*ccb));
        InitializeListHead(&fcb->Ccbs);
        status = NwrpOpenUnderTie(&name, sp, fcb, ccb, &information);
    }
    if (fcb != NULL && (!NT_SUCCESS(status) || ccb->Fcb != fcb))
        ExFreePoolWithTag(fcb, NWR_FCB_TAG);
    if (!NT_SUCCESS(status)) {
        if (ccb != NULL)
            ExFreePoolWithTag(ccb, NWR_FCB_TAG);
        return NwrComplete(Irp, status, 0);
    }
    file->FsContext = ccb->Fcb;
    file->FsContext2 = ccb;
    return NwrComplete(Irp, STATUS_SUCCESS, information);
}

/* A delete asked for with FileDispositionInformation, now that the last
   open's NCP file is closed (NetWare erases no open file). */
static VOID NwrpDeleteNow(PNWR_FCB Fcb)
{
    CHAR path[NWR_MAX_VOLUME + NWR_MAX_PATH + 2];

    NwrpNcpPath(Fcb, path, sizeof(path));
    if (Fcb->Kind == NwrFcbFile)
        NwrNetworkStatus(Fcb->Tie->Server, NcpEraseFile(Fcb->Tie->Server->Ncp, 0, path));
    else
        NwrNetworkStatus(Fcb->Tie->Server, NcpDeleteDirectory(Fcb->Tie->Server->Ncp, 0, path));
}

/* This open's last handle: its NCP file goes; the FCB's last open does a
   pending delete; the tie's count drops. */
NTSTATUS NwrCleanup(PDEVICE_OBJECT Device, PIRP Irp)
{
    PNWR_CCB ccb = IoGetCurrentIrpStackLocation(Irp)->FileObject->FsContext2;
    PNWR_FCB fcb = ccb != NULL ? ccb->Fcb : NULL;
    BOOLEAN last;

    if (ccb == NULL)
        return NwrComplete(Irp, STATUS_SUCCESS, 0);
    if (fcb->Kind == NwrFcbFile && !fcb->Tie->Server->Dead)
        NcpCloseFile(fcb->Tie->Server->Ncp, ccb->Handle);
    NwrLock();
    RemoveEntryList(&ccb->Links);
    last = --fcb->OpenHandles == 0 && fcb->DeletePending;
    fcb->Tie->OpenFiles--;
    NwrData.Stats.Opens--;
    NwrData.Stats.FilesOpen -= fcb->Kind == NwrFcbFile;
    NwrUnlock();
    if (last && !fcb->Tie->Server->Dead)
        NwrpDeleteNow(fcb);
    return NwrComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS NwrClose(PDEVICE_OBJECT Device, PIRP Irp)
{
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PNWR_CCB ccb = file->FsContext2;
    PNWR_FCB fcb = ccb != NULL ? ccb->Fcb : NULL;
    BOOLEAN last = FALSE;

    file->FsContext = file->FsContext2 = NULL;
    if (ccb == NULL)
        return NwrComplete(Irp, STATUS_SUCCESS, 0);
    NwrLock();
    if (--fcb->References == 0) {
        RemoveEntryList(&fcb->Links);
        last = TRUE;
    }
    NwrUnlock();
    ExFreePoolWithTag(ccb, NWR_FCB_TAG);
    if (last) {
        NwrDereferenceTie(fcb->Tie);
        ExFreePoolWithTag(fcb, NWR_FCB_TAG);
    }
    return NwrComplete(Irp, STATUS_SUCCESS, 0);
}
