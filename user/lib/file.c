/*
 * file.c - files and the last error, as kernel32 has them: CreateFileA
 * (a DOS path "X:\PATH" opens \DosDevices\X:\PATH, which reparses through
 * the drive's link; an NT path "\Device\..." is taken as it is), ReadFile,
 * WriteFile, CloseHandle; GetLastError and SetLastError in the TEB;
 * BaseSetLastNtError, the one place an NTSTATUS becomes the last error.
 *
 * Interface: see kernel32.h.
 */
#include <string.h>

#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

DWORD GetLastError(VOID)
{
    return NtCurrentTeb()->LastErrorValue;
}

VOID SetLastError(DWORD Error)
{
    NtCurrentTeb()->LastErrorValue = Error;
}

ULONG BaseSetLastNtError(NTSTATUS Status)
{
    ULONG error = BasepNtStatusToWin32Error(Status);

    SetLastError(error);
    return error;
}

static const ULONG BasepDispositions[] = {
    0, FILE_CREATE, FILE_OVERWRITE_IF, FILE_OPEN, FILE_OPEN_IF,
};

HANDLE CreateFileA(PCSTR FileName, DWORD DesiredAccess, DWORD ShareMode, PVOID Security,
                   DWORD CreationDisposition, DWORD FlagsAndAttributes, HANDLE Template)
{
    CHAR path[BASESRV_MAX_PATH + sizeof(BASESRV_DOSDEVICES)];
    BOOLEAN dos = FileName != NULL && FileName[0] != '\\';
    STRING name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    NTSTATUS status;

    if (FileName == NULL || strlen(FileName) >= BASESRV_MAX_PATH ||
        CreationDisposition == 0 || CreationDisposition >= ARRAYSIZE(BasepDispositions)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    strcpy(path, dos ? BASESRV_DOSDEVICES : "");
    strcat(path, FileName);
    name.Length = name.MaximumLength = (USHORT)strlen(path);
    name.Buffer = path;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtCreateFile(&handle, DesiredAccess | SYNCHRONIZE, &oa, &iosb,
                          BasepDispositions[CreationDisposition], FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return INVALID_HANDLE_VALUE;
    }
    return handle;
}

BOOL ReadFile(HANDLE File, PVOID Buffer, DWORD Length, PDWORD Read, PVOID Overlapped)
{
    IO_STATUS_BLOCK iosb = { 0, 0 };
    NTSTATUS status = NtReadFile(File, NULL, NULL, NULL, &iosb, Buffer, Length, NULL, NULL);

    if (Read != NULL)
        *Read = (DWORD)iosb.Information;
    if (status == STATUS_END_OF_FILE) {
        if (Read != NULL)
            *Read = 0;
        return TRUE;                    /* Win32: end of file is a read of 0 bytes */
    }
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}

BOOL WriteFile(HANDLE File, const VOID *Buffer, DWORD Length, PDWORD Written, PVOID Overlapped)
{
    IO_STATUS_BLOCK iosb = { 0, 0 };
    NTSTATUS status = NtWriteFile(File, NULL, NULL, NULL, &iosb, Buffer, Length, NULL, NULL);

    if (Written != NULL)
        *Written = (DWORD)iosb.Information;
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}

BOOL CloseHandle(HANDLE Handle)
{
    NTSTATUS status = NtClose(Handle);

    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}
