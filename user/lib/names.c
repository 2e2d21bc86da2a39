/*
 * names.c - files by name, as kernel32 has them: each opens the name with
 * just the right it needs, makes one native call on the handle and closes
 * it again.
 *   GetFileAttributesA   FileBasicInformation's attributes, or
 *                        INVALID_FILE_ATTRIBUTES
 *   SetFileAttributesA   the same, set (times left alone); 0 clears them all
 *   DeleteFileA          a delete on close (FileDispositionInformation); a
 *                        directory is ERROR_ACCESS_DENIED, as in Windows
 *   MoveFileExA          a rename (FileRenameInformation) to the new name's
 *                        NT path; an existing target is replaced only with
 *                        MOVEFILE_REPLACE_EXISTING (else ERROR_ALREADY_EXISTS)
 *   MoveFileA            MoveFileExA with MOVEFILE_COPY_ALLOWED
 *   CreateDirectoryA     NtCreateFile with FILE_DIRECTORY_FILE and FILE_CREATE
 *   RemoveDirectoryA     a delete on close of the directory, which must be
 *                        empty (ERROR_DIR_NOT_EMPTY)
 *
 * Two things Windows does that this layer does not: a move to another
 * volume (the driver's STATUS_NOT_SAME_DEVICE) is not turned into a copy
 * and a delete, so it fails with ERROR_NOT_SAME_DEVICE even with
 * MOVEFILE_COPY_ALLOWED; and MOVEFILE_DELAY_UNTIL_REBOOT, which needs a
 * registry, is ERROR_INVALID_PARAMETER.
 *
 * Interface: see kernel32.h.
 */
#include <string.h>

#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

#define BASEP_MOVE_FLAGS (MOVEFILE_REPLACE_EXISTING | MOVEFILE_COPY_ALLOWED | \
                          MOVEFILE_WRITE_THROUGH)

static BOOL BasepFail(NTSTATUS Status)
{
    BaseSetLastNtError(Status);
    return FALSE;
}

/* Opens FileName, makes one set-information call on it, closes it. */
static NTSTATUS BasepSetByName(PCSTR FileName, ACCESS_MASK Access, ULONG Options, ULONG Class,
                               PVOID Info, ULONG Length)
{
    IO_STATUS_BLOCK iosb;
    HANDLE h;
    NTSTATUS status = BasepOpenFile(FileName, Access | SYNCHRONIZE, FILE_OPEN,
                                    Options | FILE_SYNCHRONOUS_IO_NONALERT, &h, NULL);

    if (!NT_SUCCESS(status))
        return status;
    status = NtSetInformationFile(h, &iosb, Info, Length, Class);
    NtClose(h);
    return status;
}

DWORD GetFileAttributesA(PCSTR FileName)
{
    FILE_BASIC_INFORMATION info;
    IO_STATUS_BLOCK iosb;
    HANDLE h;
    NTSTATUS status = BasepOpenFile(FileName, FILE_READ_ATTRIBUTES | SYNCHRONIZE, FILE_OPEN,
                                    FILE_SYNCHRONOUS_IO_NONALERT, &h, NULL);

    if (NT_SUCCESS(status)) {
        status = NtQueryInformationFile(h, &iosb, &info, sizeof(info), FileBasicInformation);
        NtClose(h);
    }
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return INVALID_FILE_ATTRIBUTES;
    }
    return info.FileAttributes;
}

BOOL SetFileAttributesA(PCSTR FileName, DWORD FileAttributes)
{
    FILE_BASIC_INFORMATION info;
    NTSTATUS status;

    memset(&info, 0, sizeof(info));
    info.FileAttributes = FileAttributes | FILE_ATTRIBUTE_NORMAL;   /* 0 still clears */
    status = BasepSetByName(FileName, FILE_WRITE_ATTRIBUTES, 0, FileBasicInformation, &info,
                            sizeof(info));
    return NT_SUCCESS(status) ? TRUE : BasepFail(status);
}

BOOL DeleteFileA(PCSTR FileName)
{
    FILE_DISPOSITION_INFORMATION info = { TRUE };
    NTSTATUS status = BasepSetByName(FileName, DELETE, FILE_NON_DIRECTORY_FILE,
                                     FileDispositionInformation, &info, sizeof(info));

    return NT_SUCCESS(status) ? TRUE : BasepFail(status);
}

BOOL RemoveDirectoryA(PCSTR PathName)
{
    FILE_DISPOSITION_INFORMATION info = { TRUE };
    NTSTATUS status = BasepSetByName(PathName, DELETE, FILE_DIRECTORY_FILE,
                                     FileDispositionInformation, &info, sizeof(info));

    return NT_SUCCESS(status) ? TRUE : BasepFail(status);
}

BOOL CreateDirectoryA(PCSTR PathName, PVOID Security)
{
    HANDLE h;
    NTSTATUS status = BasepOpenFile(PathName, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_CREATE,
                                    FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, &h, NULL);

    if (!NT_SUCCESS(status))
        return BasepFail(status);
    NtClose(h);
    return TRUE;
}

BOOL MoveFileExA(PCSTR ExistingFileName, PCSTR NewFileName, DWORD Flags)
{
    union {
        FILE_RENAME_INFORMATION Info;
        UCHAR Bytes[sizeof(FILE_RENAME_INFORMATION) + MAX_PATH + sizeof(BASESRV_DOSDEVICES)];
    } u;
    NTSTATUS status;

    memset(&u, 0, sizeof(u));
    if (ExistingFileName == NULL || (Flags & ~BASEP_MOVE_FLAGS) != 0 ||
        !BasepDosPathToNt(NewFileName, u.Info.FileName,
                          sizeof(u) - offsetof(FILE_RENAME_INFORMATION, FileName))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    u.Info.ReplaceIfExists = (Flags & MOVEFILE_REPLACE_EXISTING) != 0;
    u.Info.FileNameLength = strlen(u.Info.FileName);
    status = BasepSetByName(ExistingFileName, DELETE, 0, FileRenameInformation, &u,
                            offsetof(FILE_RENAME_INFORMATION, FileName) + u.Info.FileNameLength);
    return NT_SUCCESS(status) ? TRUE : BasepFail(status);
}

BOOL MoveFileA(PCSTR ExistingFileName, PCSTR NewFileName)
{
    return MoveFileExA(ExistingFileName, NewFileName, MOVEFILE_COPY_ALLOWED);
}
