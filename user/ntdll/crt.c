/*
 * crt.c - the system calls newlib expects, for a process (the kernel has its
 * own, kernel/mm/crt.c).
 *
 * The heap is one reservation of HEAP_RESERVE made at the first sbrk and
 * committed page by page as malloc grows it (and decommitted when malloc
 * trims). File descriptors 0, 1 and 2 are the standard handles (ldr.c);
 * there are no others. The malloc lock is a mutant, which is recursive as
 * newlib needs it to be. Each thread finds its struct _reent through its
 * TEB (CRuntimeState; the first thread uses newlib's own). _exit ends the
 * process with the status as its NTSTATUS.
 */
#include <errno.h>
#include <reent.h>
#include <sys/stat.h>
#include "ntio.h"
#include "ntmm.h"
#include "ntob.h"
#include "user/ntdll/ntdll.h"

#undef errno
extern int errno;

#define HEAP_RESERVE (32u * 1024 * 1024)
#define PAGE_SIZE 4096u

static ULONG CrtHeapBase, CrtHeapCommitted, CrtBreak;
static HANDLE CrtMallocLock;

struct _reent *__getreent(void)
{
    PVOID r = NtCurrentTeb()->CRuntimeState;

    return r != NULL ? r : _impure_ptr;
}

VOID LdrpInitializeCrt(VOID)
{
    NtCreateMutant(&CrtMallocLock, MUTANT_ALL_ACCESS, NULL, FALSE);
}

void __malloc_lock(struct _reent *Reent)
{
    NtWaitForSingleObject(CrtMallocLock, FALSE, NULL);
}

void __malloc_unlock(struct _reent *Reent)
{
    NtReleaseMutant(CrtMallocLock, NULL);
}

static BOOLEAN CrtReserveHeap(VOID)
{
    PVOID base = NULL;
    SIZE_T size = HEAP_RESERVE;

    if (!NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE,
                                            PAGE_READWRITE)))
        return FALSE;
    CrtHeapBase = CrtHeapCommitted = CrtBreak = (ULONG)base;
    return TRUE;
}

/* Commits or decommits the heap's pages so that they cover [base, Break). */
static BOOLEAN CrtCommitTo(ULONG Break)
{
    ULONG want = (Break + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    PVOID base = (PVOID)(want > CrtHeapCommitted ? CrtHeapCommitted : want);
    SIZE_T size = want > CrtHeapCommitted ? want - CrtHeapCommitted : CrtHeapCommitted - want;

    if (size == 0)
        return TRUE;
    if (want > CrtHeapCommitted &&
        !NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_COMMIT,
                                            PAGE_READWRITE)))
        return FALSE;
    if (want < CrtHeapCommitted)
        NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, MEM_DECOMMIT);
    CrtHeapCommitted = want;
    return TRUE;
}

void *sbrk(ptrdiff_t Increment)
{
    ULONG old, next;

    if (CrtHeapBase == 0 && !CrtReserveHeap()) {
        errno = ENOMEM;
        return (void *)-1;
    }
    old = CrtBreak;
    next = CrtBreak + Increment;
    if (next < CrtHeapBase || next > CrtHeapBase + HEAP_RESERVE || !CrtCommitTo(next)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    CrtBreak = next;
    return (void *)old;
}

static HANDLE CrtHandle(int Fd)
{
    return Fd >= 0 && Fd <= 2 ? LdrpStandardHandles[Fd] : NULL;
}

int write(int Fd, const void *Buffer, size_t Length)
{
    IO_STATUS_BLOCK iosb;
    HANDLE h = CrtHandle(Fd);

    if (h == NULL) {
        errno = EBADF;
        return -1;
    }
    if (!NT_SUCCESS(NtWriteFile(h, NULL, NULL, NULL, &iosb, Buffer, Length, NULL, NULL))) {
        errno = EIO;
        return -1;
    }
    return (int)iosb.Information;
}

int read(int Fd, void *Buffer, size_t Length)
{
    IO_STATUS_BLOCK iosb;
    HANDLE h = CrtHandle(Fd);
    NTSTATUS status;

    if (h == NULL) {
        errno = EBADF;
        return -1;
    }
    status = NtReadFile(h, NULL, NULL, NULL, &iosb, Buffer, Length, NULL, NULL);
    if (status == STATUS_END_OF_FILE)
        return 0;
    if (!NT_SUCCESS(status)) {
        errno = EIO;
        return -1;
    }
    return (int)iosb.Information;
}

int close(int Fd)
{
    errno = EBADF;
    return -1;
}

int fstat(int Fd, struct stat *St)
{
    St->st_mode = S_IFCHR;
    return 0;
}

int isatty(int Fd)
{
    return CrtHandle(Fd) != NULL;
}

off_t lseek(int Fd, off_t Offset, int Whence)
{
    errno = ESPIPE;
    return -1;
}

int getpid(void)
{
    return (int)NtCurrentTeb()->ClientId.UniqueProcess;
}

/* abort() ends here: the process ends with STATUS_UNSUCCESSFUL. */
int kill(int Pid, int Signal)
{
    NtTerminateProcess(NtCurrentProcess(), STATUS_UNSUCCESSFUL);
    return 0;
}

void _exit(int Status)
{
    NtTerminateProcess(NtCurrentProcess(), (NTSTATUS)Status);
    for (;;)
        ;
}
