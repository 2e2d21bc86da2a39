/*
 * winfile.c - the image `winfile`: File Manager, reduced to what Q150047
 * does with it - a click on a drive, which lists the drive's root.
 *
 * Command line:
 *   winfile X:
 * lists X:\ with FindFirstFileA/FindNextFileA ("X:\*"), skipping "." and
 * "..". An empty root is a listing of 0 files, as File Manager shows it.
 *
 * Output lines (tests/test_progs.py and the scenario runner read them):
 *   File Manager: X:\
 *   File Manager: X:\<NAME> <SIZE>          a file, its size in bytes
 *   File Manager: X:\<NAME> <DIR>           a directory
 *   File Manager: <n> files                 the entries listed
 * or, when the root cannot be listed, the one line
 *   File Manager: X:\ - <TEXT>              the Win32 error's text
 *                                           (user/lib/winerror.c), e.g.
 *                                           "Access is denied." for a drive
 *                                           another process connected
 * and for bad arguments the one line
 *   usage: winfile X:
 * Exit status: 0 for a listing, the Win32 error for a failure,
 * ERROR_INVALID_PARAMETER (87) for bad arguments.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

static VOID WfSay(PCSTR Format, ...) __attribute__((format(printf, 1, 2)));

/* One whole line at once: other programs share the console. */
static VOID WfSay(PCSTR Format, ...)
{
    CHAR line[MAX_PATH + 64];
    va_list args;

    va_start(args, Format);
    vsnprintf(line, sizeof(line), Format, args);
    va_end(args);
    fputs(line, stdout);
}

static BOOLEAN WfDots(PCSTR Name)
{
    return strcmp(Name, ".") == 0 || strcmp(Name, "..") == 0;
}

/* Lists Root ("X:\"); 0 or the Win32 error. */
static DWORD WfList(PCSTR Root)
{
    CHAR pattern[8];
    WIN32_FIND_DATAA find;
    HANDLE h;
    ULONG files = 0;
    DWORD error;

    snprintf(pattern, sizeof(pattern), "%s*", Root);
    h = FindFirstFileA(pattern, &find);
    error = h == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;
    if (error != ERROR_SUCCESS && error != ERROR_FILE_NOT_FOUND) {
        WfSay("File Manager: %s - %s\n", Root,
              BasepWin32ErrorText(error) ? BasepWin32ErrorText(error) : "");
        return error;
    }
    WfSay("File Manager: %s\n", Root);
    while (error == ERROR_SUCCESS) {
        if (!WfDots(find.cFileName)) {
            if (find.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                WfSay("File Manager: %s%s <DIR>\n", Root, find.cFileName);
            else
                WfSay("File Manager: %s%s %lu\n", Root, find.cFileName,
                      (unsigned long)find.nFileSizeLow);
            files++;
        }
        error = FindNextFileA(h, &find) ? ERROR_SUCCESS : GetLastError();
    }
    if (h != INVALID_HANDLE_VALUE)
        FindClose(h);
    WfSay("File Manager: %lu files\n", (unsigned long)files);
    return ERROR_SUCCESS;
}

int main(int argc, char **argv)
{
    CHAR root[4] = "?:\\";
    CHAR c = argc == 2 ? argv[1][0] : '\0';

    if (c >= 'a' && c <= 'z')
        c = (CHAR)(c - 'a' + 'A');
    if (argc != 2 || c < 'A' || c > 'Z' || strcmp(argv[1] + 1, ":") != 0) {
        fputs("usage: winfile X:\n", stdout);
        return ERROR_INVALID_PARAMETER;
    }
    root[0] = c;
    return (int)WfList(root);
}
