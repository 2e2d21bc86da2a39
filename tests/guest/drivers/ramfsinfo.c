/*
 * ramfsinfo.c - RamFs's information requests (see ramfs.h): what a file is
 * (IRP_MJ_QUERY_INFORMATION, IRP_MJ_SET_INFORMATION), what the volume is
 * (IRP_MJ_QUERY_VOLUME_INFORMATION) and IRP_MJ_FLUSH_BUFFERS.
 *
 * The I/O manager has checked the class and the length and copied a set's
 * structure into SystemBuffer; a query's answer goes there, Information
 * saying how much of it is written. The rules followed are NT's file
 * systems': a set time or attribute of 0 is left alone, FILE_ATTRIBUTE_
 * NORMAL clears them all (and is what a file with none reports); a file
 * becomes shorter or longer (with zeros) by its end of file; a delete is
 * refused for the root, a read-only file (STATUS_CANNOT_DELETE) and a
 * directory that still holds something (STATUS_DIRECTORY_NOT_EMPTY), and
 * happens at the last handle's CLEANUP;
 * a rename moves within the volume, replacing an existing file only when
 * asked to and only when no handle to it is open. The volume's label and
 * the file system's name are cut to the caller's buffer with
 * STATUS_BUFFER_OVERFLOW. Flushes are only counted: nothing is cached.
 *
 * Interface: RamFsQueryInformation, RamFsSetInformation, RamFsQueryVolume,
 * RamFsFlush (ramfs.h).
 */
#include <string.h>
#include "tests/guest/drivers/ramfs.h"

#define RAMFS_LABEL         "IRPLAB RAMFS"
#define RAMFS_SERIAL        0x0150047Au
#define RAMFS_FS_NAME       "RAMFS"
#define RAMFS_SETTABLE      (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN | \
                             FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE | \
                             FILE_ATTRIBUTE_TEMPORARY)

/* ---------------------------------------------------------------- query */

static VOID RamFsBasic(const RAMFS_FILE *f, FILE_BASIC_INFORMATION *Info)
{
    memset(Info, 0, sizeof(*Info));
    if (f == NULL) {
        Info->FileAttributes = FILE_ATTRIBUTE_DIRECTORY;
        return;
    }
    Info->CreationTime = f->CreationTime;
    Info->LastAccessTime = f->LastAccessTime;
    Info->LastWriteTime = f->LastWriteTime;
    Info->ChangeTime = f->ChangeTime;
    Info->FileAttributes = f->Attributes != 0 ? f->Attributes : FILE_ATTRIBUTE_NORMAL;
}

static VOID RamFsStandard(const RAMFS_FILE *f, FILE_STANDARD_INFORMATION *Info)
{
    memset(Info, 0, sizeof(*Info));
    Info->NumberOfLinks = 1;
    Info->Directory = RamFsIsDirectory(f);
    if (f == NULL)
        return;
    Info->AllocationSize = Info->Directory ? 0 : RAMFS_DATA;
    Info->EndOfFile = f->Size;
    Info->DeletePending = f->DeletePending;
}

static NTSTATUS RamFsQueryLocked(PIRP Irp, ULONG_PTR *Information)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    RAMFS_FILE *f = sp->FileObject->FsContext;

    switch (sp->Parameters.QueryFile.FileInformationClass) {
    case FileBasicInformation:
        RamFsBasic(f, Irp->SystemBuffer);
        *Information = sizeof(FILE_BASIC_INFORMATION);
        return STATUS_SUCCESS;
    case FileStandardInformation:
        RamFsStandard(f, Irp->SystemBuffer);
        *Information = sizeof(FILE_STANDARD_INFORMATION);
        return STATUS_SUCCESS;
    case FilePositionInformation:       /* a file opened without FO_SYNCHRONOUS_IO */
        ((FILE_POSITION_INFORMATION *)Irp->SystemBuffer)->CurrentByteOffset =
            sp->FileObject->CurrentByteOffset;
        *Information = sizeof(FILE_POSITION_INFORMATION);
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}

NTSTATUS RamFsQueryInformation(PDEVICE_OBJECT Device, PIRP Irp)
{
    return RamFsCallLocked(Irp, RamFsQueryLocked);
}

/* ---------------------------------------------------------------- set */

static NTSTATUS RamFsSetBasic(RAMFS_FILE *f, const FILE_BASIC_INFORMATION *Info)
{
    if (f == NULL)
        return STATUS_INVALID_PARAMETER;        /* the root's are fixed */
    if (Info->CreationTime != 0)
        f->CreationTime = Info->CreationTime;
    if (Info->LastAccessTime != 0)
        f->LastAccessTime = Info->LastAccessTime;
    if (Info->LastWriteTime != 0)
        f->LastWriteTime = Info->LastWriteTime;
    if (Info->ChangeTime != 0)
        f->ChangeTime = Info->ChangeTime;
    if (Info->FileAttributes != 0)
        f->Attributes = (f->Attributes & FILE_ATTRIBUTE_DIRECTORY) |
                        (Info->FileAttributes & RAMFS_SETTABLE);
    return STATUS_SUCCESS;
}

static BOOLEAN RamFsHasChildren(const RAMFS_FILE *Directory)
{
    LONG slot = RamFsSlot(Directory);

    for (ULONG i = 0; i < RAMFS_FILES; i++) {
        if (RamFsFiles[i].InUse && RamFsFiles[i].Parent == slot)
            return TRUE;
    }
    return FALSE;
}

static NTSTATUS RamFsSetDisposition(RAMFS_FILE *f, const FILE_DISPOSITION_INFORMATION *Info)
{
    if (!Info->DeleteFile) {
        if (f != NULL)
            f->DeletePending = FALSE;
        return STATUS_SUCCESS;
    }
    if (f == NULL || (f->Attributes & FILE_ATTRIBUTE_READONLY))
        return STATUS_CANNOT_DELETE;
    if (RamFsIsDirectory(f) && RamFsHasChildren(f))
        return STATUS_DIRECTORY_NOT_EMPTY;
    f->DeletePending = TRUE;
    return STATUS_SUCCESS;
}

static NTSTATUS RamFsSetEndOfFile(RAMFS_FILE *f, const FILE_END_OF_FILE_INFORMATION *Info)
{
    if (RamFsIsDirectory(f) || Info->EndOfFile < 0)
        return STATUS_INVALID_PARAMETER;
    if (Info->EndOfFile > RAMFS_DATA)
        return STATUS_DISK_FULL;
    if ((ULONG)Info->EndOfFile > f->Size)
        memset(f->Data + f->Size, 0, (ULONG)Info->EndOfFile - f->Size);
    f->Size = (ULONG)Info->EndOfFile;
    f->LastWriteTime = f->ChangeTime = RamFsNow();
    return STATUS_SUCCESS;
}

/* Is Slot the directory f, or inside it? (A directory cannot move there.) */
static BOOLEAN RamFsIsWithin(LONG Slot, const RAMFS_FILE *f)
{
    for (; Slot != RAMFS_ROOT; Slot = RamFsFiles[Slot].Parent) {
        if (&RamFsFiles[Slot] == f)
            return TRUE;
    }
    return FALSE;
}

/* Where a rename puts f: the target directory the I/O manager opened, with
   the new name in its FileName; or, for a bare name, f's own directory. */
static NTSTATUS RamFsRenameTarget(PIO_STACK_LOCATION Sp, const RAMFS_FILE *f,
                                  const FILE_RENAME_INFORMATION *Info, LONG *Directory,
                                  PSTRING Name)
{
    PFILE_OBJECT target = Sp->Parameters.SetFile.FileObject;

    if (target != NULL) {
        *Directory = RamFsSlot(target->FsContext);
        *Name = target->FileName;
    } else {
        *Directory = f->Parent;
        Name->Buffer = (PCHAR)Info->FileName;
        Name->Length = Name->MaximumLength = (USHORT)Info->FileNameLength;
        if (memchr(Name->Buffer, '\\', Name->Length) != NULL)
            return STATUS_OBJECT_NAME_INVALID;
    }
    if (Name->Length == 0 || Name->Length >= RAMFS_NAME ||
        memchr(Name->Buffer, '\0', Name->Length) != NULL)
        return STATUS_OBJECT_NAME_INVALID;
    return RamFsIsWithin(*Directory, f) ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
}

static NTSTATUS RamFsRename(PIO_STACK_LOCATION Sp, RAMFS_FILE *f,
                            const FILE_RENAME_INFORMATION *Info)
{
    RAMFS_FILE *existing;
    STRING name;
    LONG directory;
    NTSTATUS status;

    if (f == NULL)
        return STATUS_INVALID_PARAMETER;        /* the root stays where it is */
    status = RamFsRenameTarget(Sp, f, Info, &directory, &name);
    if (!NT_SUCCESS(status))
        return status;
    existing = RamFsChild(directory, &name);
    if (existing != NULL && existing != f) {
        if (!Sp->Parameters.SetFile.ReplaceIfExists)
            return STATUS_OBJECT_NAME_COLLISION;
        if (RamFsIsDirectory(existing) || existing->Handles != 0)
            return STATUS_ACCESS_DENIED;
        existing->InUse = FALSE;
    }
    memset(f->Name, 0, sizeof(f->Name));
    memcpy(f->Name, name.Buffer, name.Length);
    f->Parent = directory;
    f->ChangeTime = RamFsNow();
    return STATUS_SUCCESS;
}

static NTSTATUS RamFsSetLocked(PIRP Irp, ULONG_PTR *Information)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    RAMFS_FILE *f = sp->FileObject->FsContext;
    const FILE_POSITION_INFORMATION *position = Irp->SystemBuffer;

    switch (sp->Parameters.SetFile.FileInformationClass) {
    case FileBasicInformation:
        return RamFsSetBasic(f, Irp->SystemBuffer);
    case FileDispositionInformation:
        return RamFsSetDisposition(f, Irp->SystemBuffer);
    case FileEndOfFileInformation:
        return RamFsSetEndOfFile(f, Irp->SystemBuffer);
    case FileRenameInformation:
        return RamFsRename(sp, f, Irp->SystemBuffer);
    case FilePositionInformation:       /* a file opened without FO_SYNCHRONOUS_IO */
        if (position->CurrentByteOffset < 0)
            return STATUS_INVALID_PARAMETER;
        sp->FileObject->CurrentByteOffset = position->CurrentByteOffset;
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}

NTSTATUS RamFsSetInformation(PDEVICE_OBJECT Device, PIRP Irp)
{
    return RamFsCallLocked(Irp, RamFsSetLocked);
}

/* ---------------------------------------------------------------- volume */

/* Copies Text after a structure of Fixed bytes, cut to the caller's Length:
   *Information and the status say how much went. */
static NTSTATUS RamFsPackName(PIRP Irp, ULONG Fixed, PCSTR Text, ULONG_PTR *Information)
{
    ULONG length = IoGetCurrentIrpStackLocation(Irp)->Parameters.QueryVolume.Length;
    ULONG want = strlen(Text), room = length - Fixed < want ? length - Fixed : want;

    memcpy((PUCHAR)Irp->SystemBuffer + Fixed, Text, room);
    *Information = Fixed + room;
    return room < want ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static ULONG RamFsFreeSlots(VOID)
{
    ULONG free = 0;

    for (ULONG i = 0; i < RAMFS_FILES; i++)
        free += !RamFsFiles[i].InUse && RamFsFiles[i].Opens == 0;
    return free;
}

static NTSTATUS RamFsVolumeLocked(PIRP Irp, ULONG_PTR *Information)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    FILE_FS_VOLUME_INFORMATION *volume = Irp->SystemBuffer;
    FILE_FS_SIZE_INFORMATION *size = Irp->SystemBuffer;
    FILE_FS_ATTRIBUTE_INFORMATION *attribute = Irp->SystemBuffer;

    switch (sp->Parameters.QueryVolume.FsInformationClass) {
    case FileFsVolumeInformation:
        memset(volume, 0, offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel));
        volume->VolumeCreationTime = RAMFS_EPOCH;
        volume->VolumeSerialNumber = RAMFS_SERIAL;
        volume->VolumeLabelLength = strlen(RAMFS_LABEL);
        return RamFsPackName(Irp, offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel),
                             RAMFS_LABEL, Information);
    case FileFsSizeInformation:
        size->TotalAllocationUnits = RAMFS_FILES;
        size->AvailableAllocationUnits = RamFsFreeSlots();
        size->SectorsPerAllocationUnit = RAMFS_DATA / RAMFS_SECTOR;
        size->BytesPerSector = RAMFS_SECTOR;
        *Information = sizeof(*size);
        return STATUS_SUCCESS;
    case FileFsAttributeInformation:
        attribute->FileSystemAttributes = FILE_CASE_PRESERVED_NAMES;
        attribute->MaximumComponentNameLength = RAMFS_NAME - 1;
        attribute->FileSystemNameLength = strlen(RAMFS_FS_NAME);
        return RamFsPackName(Irp, offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName),
                             RAMFS_FS_NAME, Information);
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}

NTSTATUS RamFsQueryVolume(PDEVICE_OBJECT Device, PIRP Irp)
{
    return RamFsCallLocked(Irp, RamFsVolumeLocked);
}

NTSTATUS RamFsFlush(PDEVICE_OBJECT Device, PIRP Irp)
{
    RamFsStats.Flushes++;
    return RamFsComplete(Irp, STATUS_SUCCESS, 0);
}
