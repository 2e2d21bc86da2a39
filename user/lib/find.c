/*
 * find.c - FindFirstFileA, FindNextFileA and FindClose over
 * NtQueryDirectoryFile, as kernel32 has them: "X:\DIR\PATTERN" opens
 * X:\DIR as a directory and hands back each entry whose name matches
 * PATTERN ('*' any run, '?' any one character, without case).
 *
 * A find handle is a block of this layer's own (the directory handle, the
 * pattern and a buffer of entries not yet handed out), as kernel32's is;
 * FindClose closes the directory and frees it.
 *
 * Interface: see kernel32.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

#define FIND_BUFFER 1024

typedef struct _BASEP_FIND {
    HANDLE Directory;
    CHAR Pattern[MAX_PATH];
    ULONG Next;                 /* offset of the next entry in Buffer */
    ULONG Valid;                /* bytes of Buffer filled by the last query */
    BOOLEAN Restart;
    UCHAR Buffer[FIND_BUFFER] __attribute__((aligned(8)));
} BASEP_FIND;

static BOOLEAN BasepMatch(PCSTR Pattern, PCSTR Name, ULONG Length)
{
    if (*Pattern == '\0')
        return Length == 0;
    if (*Pattern == '*')
        return BasepMatch(Pattern + 1, Name, Length) ||
               (Length > 0 && BasepMatch(Pattern, Name + 1, Length - 1));
    if (Length == 0)
        return FALSE;
    if (*Pattern != '?' && toupper((UCHAR)*Pattern) != toupper((UCHAR)*Name))
        return FALSE;
    return BasepMatch(Pattern + 1, Name + 1, Length - 1);
}

/* Splits "X:\DIR\PATTERN" into the directory to open and the pattern. */
static BOOLEAN BasepSplitFindPath(PCSTR Path, PCHAR Directory, PCHAR Pattern)
{
    PCSTR slash = strrchr(Path, '\\');

    if (slash == NULL || strlen(Path) >= MAX_PATH || strlen(slash + 1) == 0)
        return FALSE;
    memcpy(Directory, Path, (SIZE_T)(slash - Path) + 1);
    Directory[slash - Path + 1] = '\0';
    strcpy(Pattern, slash + 1);
    return TRUE;
}

/* The next entry of the directory, refilling the buffer as needed. */
static NTSTATUS BasepNextEntry(BASEP_FIND *Find, FILE_DIRECTORY_INFORMATION **Entry)
{
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;

    if (Find->Next >= Find->Valid) {
        status = NtQueryDirectoryFile(Find->Directory, NULL, NULL, NULL, &iosb, Find->Buffer,
                                      sizeof(Find->Buffer), FileDirectoryInformation, FALSE,
                                      NULL, Find->Restart);
        if (!NT_SUCCESS(status))
            return status;
        Find->Restart = FALSE;
        Find->Next = 0;
        Find->Valid = (ULONG)iosb.Information;
    }
    *Entry = (FILE_DIRECTORY_INFORMATION *)(Find->Buffer + Find->Next);
    Find->Next = (*Entry)->NextEntryOffset ? Find->Next + (*Entry)->NextEntryOffset : Find->Valid;
    return STATUS_SUCCESS;
}

/* Hands out the next entry that matches the pattern. */
static BOOL BasepFindMatching(BASEP_FIND *Find, PWIN32_FIND_DATAA Data)
{
    FILE_DIRECTORY_INFORMATION *e;
    NTSTATUS status;

    while (NT_SUCCESS(status = BasepNextEntry(Find, &e))) {
        if (e->FileNameLength >= MAX_PATH || !BasepMatch(Find->Pattern, e->FileName, e->FileNameLength))
            continue;
        memset(Data, 0, sizeof(*Data));
        Data->dwFileAttributes = e->FileAttributes;
        Data->nFileSizeLow = (DWORD)e->EndOfFile;
        Data->nFileSizeHigh = (DWORD)(e->EndOfFile >> 32);
        memcpy(Data->cFileName, e->FileName, e->FileNameLength);
        return TRUE;
    }
    BaseSetLastNtError(status);
    return FALSE;
}

HANDLE FindFirstFileA(PCSTR FileName, PWIN32_FIND_DATAA Data)
{
    CHAR directory[MAX_PATH];
    BASEP_FIND *find;
    NTSTATUS status;

    if (FileName == NULL || Data == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    find = calloc(1, sizeof(*find));
    if (find == NULL || !BasepSplitFindPath(FileName, directory, find->Pattern)) {
        free(find);
        SetLastError(find == NULL ? ERROR_GEN_FAILURE : ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    status = BasepOpenFile(directory, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_OPEN,
                           FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, &find->Directory,
                           NULL);
    if (!NT_SUCCESS(status)) {
        free(find);
        BaseSetLastNtError(status);
        return INVALID_HANDLE_VALUE;
    }
    find->Restart = TRUE;
    if (!BasepFindMatching(find, Data)) {
        DWORD error = GetLastError();   /* nothing matched: "file not found", as kernel32 says */
        FindClose((HANDLE)find);
        SetLastError(error == ERROR_NO_MORE_FILES ? ERROR_FILE_NOT_FOUND : error);
        return INVALID_HANDLE_VALUE;
    }
    return (HANDLE)find;
}

BOOL FindNextFileA(HANDLE FindFile, PWIN32_FIND_DATAA Data)
{
    if (FindFile == NULL || FindFile == INVALID_HANDLE_VALUE || Data == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return BasepFindMatching((BASEP_FIND *)FindFile, Data);
}

BOOL FindClose(HANDLE FindFile)
{
    BASEP_FIND *find = (BASEP_FIND *)FindFile;

    if (find == NULL || FindFile == INVALID_HANDLE_VALUE) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    NtClose(find->Directory);
    free(find);
    return TRUE;
}
