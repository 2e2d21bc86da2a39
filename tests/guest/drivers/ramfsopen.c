/*
 * ramfsopen.c - RamFs's IRP_MJ_CREATE (see ramfs.h): names, dispositions,
 * directories and a rename's target.
 *
 * Names are compared without case, as NT's file systems do; paths below the
 * device are "\DIR\NAME", a trailing backslash asking for a directory. An
 * open follows NT's dispositions (supersede, open, create, open-if,
 * overwrite, overwrite-if) and options (FILE_DIRECTORY_FILE,
 * FILE_NON_DIRECTORY_FILE) and reports what it did (FILE_CREATED, ...); a
 * file whose delete is pending is STATUS_DELETE_PENDING. An open with
 * SL_OPEN_TARGET_DIRECTORY is a rename's target: the directory that would
 * hold the last component, which is left in the file object's FileName,
 * with FILE_EXISTS or FILE_DOES_NOT_EXIST. Each open counts a handle and a
 * reference on its slot (undone by CLEANUP and CLOSE, ramfs.c).
 *
 * Interface: RamFsCreate, RamFsChild (ramfs.h).
 */
#include <string.h>
#include <strings.h>
#include "tests/guest/drivers/ramfs.h"

/* The named entry Name in directory Parent, or NULL. */
RAMFS_FILE *RamFsChild(LONG Parent, PCSTRING Name)
{
    for (ULONG i = 0; i < RAMFS_FILES; i++) {
        RAMFS_FILE *f = &RamFsFiles[i];
        if (f->InUse && f->Parent == Parent && strlen(f->Name) == Name->Length &&
            strncasecmp(f->Name, Name->Buffer, Name->Length) == 0)
            return f;
    }
    return NULL;
}

/* The next component of Path from *Pos, which moves past it. */
static BOOLEAN RamFsNextComponent(PCSTRING Path, USHORT *Pos, PSTRING Component)
{
    USHORT end = *Pos;

    while (end < Path->Length && Path->Buffer[end] != '\\')
        end++;
    Component->Buffer = Path->Buffer + *Pos;
    Component->Length = Component->MaximumLength = end - *Pos;
    *Pos = end + 1;
    return end < Path->Length;          /* more follow */
}

/*
 * Walks Path to its last component: *Parent is the directory that holds it,
 * *Last the component (empty for the root itself), *Found its entry or
 * NULL. A directory missing on the way is STATUS_OBJECT_PATH_NOT_FOUND; an
 * empty or too long component STATUS_OBJECT_NAME_INVALID. *Directory says
 * the path ended in a backslash.
 */
static NTSTATUS RamFsWalk(PCSTRING Path, LONG *Parent, PSTRING Last, RAMFS_FILE **Found,
                          BOOLEAN *Directory)
{
    STRING path = *Path;
    USHORT pos = 0;
    RAMFS_FILE *f;

    *Parent = RAMFS_ROOT;
    *Found = NULL;
    *Directory = FALSE;
    Last->Buffer = path.Buffer;
    Last->Length = Last->MaximumLength = 0;
    if (path.Length > 0 && path.Buffer[0] == '\\')
        pos = 1;
    if (path.Length > pos && path.Buffer[path.Length - 1] == '\\') {
        path.Length--;
        *Directory = TRUE;
    }
    if (path.Length <= pos)
        return STATUS_SUCCESS;          /* the root */
    for (;;) {
        BOOLEAN more = RamFsNextComponent(&path, &pos, Last);

        if (Last->Length == 0 || Last->Length >= RAMFS_NAME)
            return STATUS_OBJECT_NAME_INVALID;
        f = RamFsChild(*Parent, Last);
        if (!more) {
            *Found = f;
            return STATUS_SUCCESS;
        }
        if (f == NULL || !RamFsIsDirectory(f))
            return STATUS_OBJECT_PATH_NOT_FOUND;
        *Parent = RamFsSlot(f);
    }
}

/* A new entry Name in Parent, or NULL when every slot is taken. */
static RAMFS_FILE *RamFsNewEntry(LONG Parent, PCSTRING Name, BOOLEAN Directory)
{
    LONG64 now = RamFsNow();

    for (ULONG i = 0; i < RAMFS_FILES; i++) {
        RAMFS_FILE *f = &RamFsFiles[i];
        if (f->InUse || f->Opens != 0)
            continue;
        memset(f, 0, offsetof(RAMFS_FILE, Data));
        memcpy(f->Name, Name->Buffer, Name->Length);
        f->Parent = Parent;
        f->InUse = TRUE;
        f->Attributes = Directory ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;
        f->CreationTime = f->LastAccessTime = f->LastWriteTime = f->ChangeTime = now;
        return f;
    }
    return NULL;
}

/* The disposition applied to an existing entry: *Action is NT's answer. */
static NTSTATUS RamFsDisposeExisting(RAMFS_FILE *f, ULONG Disposition, ULONG Options,
                                     ULONG_PTR *Action)
{
    if (f->DeletePending)
        return STATUS_DELETE_PENDING;
    if (Disposition == FILE_CREATE)
        return STATUS_OBJECT_NAME_COLLISION;
    if ((Options & FILE_DIRECTORY_FILE) && !RamFsIsDirectory(f))
        return STATUS_NOT_A_DIRECTORY;
    if ((Options & FILE_NON_DIRECTORY_FILE) && RamFsIsDirectory(f))
        return STATUS_FILE_IS_A_DIRECTORY;
    *Action = FILE_OPENED;
    if (Disposition == FILE_OPEN || Disposition == FILE_OPEN_IF)
        return STATUS_SUCCESS;
    if (RamFsIsDirectory(f))
        return STATUS_INVALID_PARAMETER;    /* a directory is not superseded */
    f->Size = 0;
    f->LastWriteTime = f->ChangeTime = RamFsNow();
    *Action = Disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
    return STATUS_SUCCESS;
}

/* The disposition applied to Last in Parent: *File is the entry opened. */
static NTSTATUS RamFsDispose(RAMFS_FILE **File, LONG Parent, PCSTRING Last, ULONG Disposition,
                             ULONG Options, ULONG_PTR *Action)
{
    BOOLEAN directory = (Options & FILE_DIRECTORY_FILE) != 0;

    if (Disposition > FILE_OVERWRITE_IF)
        return STATUS_INVALID_PARAMETER;
    if (*File != NULL)
        return RamFsDisposeExisting(*File, Disposition, Options, Action);
    if (Disposition == FILE_OPEN || Disposition == FILE_OVERWRITE)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (directory && Disposition != FILE_CREATE && Disposition != FILE_OPEN_IF)
        return STATUS_INVALID_PARAMETER;
    *File = RamFsNewEntry(Parent, Last, directory);
    *Action = FILE_CREATED;
    return *File != NULL ? STATUS_SUCCESS : STATUS_DISK_FULL;
}

/* A rename's target: the directory that would hold Last, with Last left as
   the file object's FileName; *Action says whether Last exists. */
static NTSTATUS RamFsOpenTarget(PFILE_OBJECT File, LONG Parent, PCSTRING Last,
                                RAMFS_FILE *Found, RAMFS_FILE **Directory, ULONG_PTR *Action)
{
    if (Last->Length == 0)
        return STATUS_OBJECT_NAME_INVALID;
    memmove(File->FileName.Buffer, Last->Buffer, Last->Length);
    File->FileName.Length = Last->Length;
    *Directory = Parent == RAMFS_ROOT ? NULL : &RamFsFiles[Parent];
    *Action = Found != NULL ? FILE_EXISTS : FILE_DOES_NOT_EXIST;
    return STATUS_SUCCESS;
}

/* Everything of an open but the completion; RamFsSlotLock held. */
static NTSTATUS RamFsCreateLocked(PIO_STACK_LOCATION Sp, RAMFS_FILE **File, ULONG_PTR *Action)
{
    ULONG disposition = Sp->Parameters.Create.Options >> 24;
    ULONG options = Sp->Parameters.Create.Options & 0xFFFFFF;
    BOOLEAN trailing;
    STRING last;
    LONG parent;
    NTSTATUS status = RamFsWalk(&Sp->FileObject->FileName, &parent, &last, File, &trailing);

    if (!NT_SUCCESS(status))
        return status;
    if (Sp->Flags & SL_OPEN_TARGET_DIRECTORY)
        return RamFsOpenTarget(Sp->FileObject, parent, &last, *File, File, Action);
    if (trailing)
        options |= FILE_DIRECTORY_FILE;
    if (last.Length != 0)
        return RamFsDispose(File, parent, &last, disposition, options, Action);
    *Action = FILE_OPENED;              /* the root */
    return (options & FILE_NON_DIRECTORY_FILE) ? STATUS_FILE_IS_A_DIRECTORY : STATUS_SUCCESS;
}

NTSTATUS RamFsCreate(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    RAMFS_OPEN *open = ExAllocatePoolWithTag(NonPagedPool, sizeof(*open), RAMFS_OPEN_TAG);
    RAMFS_FILE *f = NULL;
    ULONG_PTR action = 0;
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    KIRQL irql;

    KeAcquireSpinLock(&RamFsSlotLock, &irql);
    if (open != NULL)
        status = RamFsCreateLocked(sp, &f, &action);
    if (NT_SUCCESS(status) && f != NULL) {
        f->Handles++;
        f->Opens++;
    }
    KeReleaseSpinLock(&RamFsSlotLock, irql);
    if (!NT_SUCCESS(status)) {
        if (open != NULL)
            ExFreePoolWithTag(open, RAMFS_OPEN_TAG);
        return RamFsComplete(Irp, status, 0);
    }
    open->Number = ++RamFsStats.Opens;
    open->Position = 0;
    sp->FileObject->FsContext = f;
    sp->FileObject->FsContext2 = open;
    RamFsStats.Creates++;
    return RamFsComplete(Irp, STATUS_SUCCESS, action);
}
