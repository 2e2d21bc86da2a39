/*
 * fileinfo.c - what an open file is, as kernel32 has it: its position
 * (SetFilePointer), its size (GetFileSize, SetEndOfFile) and its flush
 * (FlushFileBuffers), over NtQueryInformationFile, NtSetInformationFile
 * and NtFlushBuffersFile. CreateFileA's handles are for synchronous I/O,
 * so the position is the I/O manager's and ReadFile and WriteFile move it.
 *
 * The failure values are Windows' own: INVALID_SET_FILE_POINTER and
 * INVALID_FILE_SIZE are also sizes a file may have, so when the call
 * succeeds with one of them the last error is ERROR_SUCCESS, and a caller
 * who passed the high half tells the two apart by GetLastError.
 *
 * Interface: see kernel32.h.
 */
#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

static NTSTATUS BasepQueryPosition(HANDLE File, LONG64 *Position)
{
    FILE_POSITION_INFORMATION info;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status = NtQueryInformationFile(File, &iosb, &info, sizeof(info),
                                             FilePositionInformation);

    *Position = info.CurrentByteOffset;
    return status;
}

static NTSTATUS BasepQuerySize(HANDLE File, LONG64 *Size)
{
    FILE_STANDARD_INFORMATION info;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status = NtQueryInformationFile(File, &iosb, &info, sizeof(info),
                                             FileStandardInformation);

    *Size = info.EndOfFile;
    return status;
}

/* The position MoveMethod counts from. */
static NTSTATUS BasepSeekBase(HANDLE File, DWORD MoveMethod, LONG64 *Base)
{
    *Base = 0;
    switch (MoveMethod) {
    case FILE_BEGIN:
        return STATUS_SUCCESS;
    case FILE_CURRENT:
        return BasepQueryPosition(File, Base);
    case FILE_END:
        return BasepQuerySize(File, Base);
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

/*
 * Moves the file's position by DistanceToMove (with *DistanceToMoveHigh
 * its high half, when given) from MoveMethod's base; returns the low half
 * of the new position and writes its high half back. Before the start is
 * ERROR_NEGATIVE_SEEK; without a high half, past 4 GiB is
 * ERROR_INVALID_PARAMETER.
 */
DWORD SetFilePointer(HANDLE File, LONG DistanceToMove, PLONG DistanceToMoveHigh,
                     DWORD MoveMethod)
{
    LONG64 move = DistanceToMove, base;
    FILE_POSITION_INFORMATION info;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;

    if (DistanceToMoveHigh != NULL)
        move = (LONG64)((ULONG64)(ULONG)*DistanceToMoveHigh << 32 | (ULONG)DistanceToMove);
    status = BasepSeekBase(File, MoveMethod, &base);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return INVALID_SET_FILE_POINTER;
    }
    info.CurrentByteOffset = base + move;
    if (info.CurrentByteOffset < 0 ||
        (DistanceToMoveHigh == NULL && info.CurrentByteOffset > 0xFFFFFFFFLL)) {
        SetLastError(info.CurrentByteOffset < 0 ? ERROR_NEGATIVE_SEEK : ERROR_INVALID_PARAMETER);
        return INVALID_SET_FILE_POINTER;
    }
    status = NtSetInformationFile(File, &iosb, &info, sizeof(info), FilePositionInformation);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return INVALID_SET_FILE_POINTER;
    }
    if (DistanceToMoveHigh != NULL)
        *DistanceToMoveHigh = (LONG)(info.CurrentByteOffset >> 32);
    if ((DWORD)info.CurrentByteOffset == INVALID_SET_FILE_POINTER)
        SetLastError(ERROR_SUCCESS);
    return (DWORD)info.CurrentByteOffset;
}

/* The file ends at its position: shorter, or longer with zeros. */
BOOL SetEndOfFile(HANDLE File)
{
    FILE_END_OF_FILE_INFORMATION info;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status = BasepQueryPosition(File, &info.EndOfFile);

    if (NT_SUCCESS(status))
        status = NtSetInformationFile(File, &iosb, &info, sizeof(info), FileEndOfFileInformation);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}

DWORD GetFileSize(HANDLE File, PDWORD FileSizeHigh)
{
    LONG64 size;
    NTSTATUS status = BasepQuerySize(File, &size);

    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return INVALID_FILE_SIZE;
    }
    if (FileSizeHigh != NULL)
        *FileSizeHigh = (DWORD)(size >> 32);
    if ((DWORD)size == INVALID_FILE_SIZE)
        SetLastError(ERROR_SUCCESS);
    return (DWORD)size;
}

/* The handle must be able to write (ERROR_ACCESS_DENIED otherwise). */
BOOL FlushFileBuffers(HANDLE File)
{
    IO_STATUS_BLOCK iosb;
    NTSTATUS status = NtFlushBuffersFile(File, &iosb);

    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}
