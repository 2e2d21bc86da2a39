/*
 * crt.c - the system calls newlib's C library expects of its platform.
 *
 * sbrk grows the heap at MM_HEAP_BASE with pages from the page allocator
 * (and gives them back when malloc trims); write sends standard output and
 * standard error to the COM1 console; the malloc lock keeps interrupt-level
 * code out of malloc while it runs. There are no files and no processes
 * here: those calls fail with the errno a library would expect.
 */
#include <errno.h>
#include <sys/stat.h>
#include <signal.h>
#include <reent.h>
#include "boot/i386.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "mm/mm.h"

/* The system calls set the plain global errno (newlib's reent.c defines
   it), which newlib's _r wrappers copy into the calling thread's _reent. */
#undef errno
extern int errno;

static ULONG MmpHeapTop = MM_HEAP_BASE;     /* mapped up to here */
static ULONG MmpBreak = MM_HEAP_BASE;       /* what malloc believes */

static BOOLEAN MmpGrowHeap(ULONG NewBreak)
{
    while (MmpHeapTop < NewBreak) {
        ULONG pa = MmAllocatePhysicalPage();
        if (pa == 0 || !NT_SUCCESS(MmMapPage(MmpHeapTop, pa))) {
            if (pa != 0)
                MmFreePhysicalPage(pa);
            return FALSE;
        }
        MmpHeapTop += PAGE_SIZE;
    }
    return TRUE;
}

static VOID MmpShrinkHeap(ULONG NewBreak)
{
    while (MmpHeapTop - PAGE_SIZE >= NewBreak && MmpHeapTop > MM_HEAP_BASE) {
        MmpHeapTop -= PAGE_SIZE;
        MmFreePhysicalPage(MmUnmapPage(MmpHeapTop));
    }
}

void *sbrk(ptrdiff_t Increment)
{
    ULONG old = MmpBreak, next = MmpBreak + Increment;

    if (next < MM_HEAP_BASE || next > MM_HEAP_LIMIT ||
        (Increment > 0 && !MmpGrowHeap(next))) {
        errno = ENOMEM;
        return (void *)-1;
    }
    if (Increment < 0)
        MmpShrinkHeap(next);
    MmpBreak = next;
    return (void *)old;
}

ULONG MmHeapPages(VOID)
{
    return (MmpHeapTop - MM_HEAP_BASE) / PAGE_SIZE;
}

/* Interrupts off while malloc runs. newlib takes this lock recursively, so
   only the outermost acquire saves the interrupt state and only the
   outermost release restores it. */
static ULONG MmpMallocDepth;
static ULONG MmpMallocFlags;

void __malloc_lock(struct _reent *Reent)
{
    ULONG flags = KiReadEFlags();

    _disable();
    if (MmpMallocDepth++ == 0)
        MmpMallocFlags = flags;
}

void __malloc_unlock(struct _reent *Reent)
{
    if (--MmpMallocDepth == 0 && (MmpMallocFlags & EFLAGS_IF))
        _enable();
}

int write(int Fd, const void *Buffer, size_t Length)
{
    if (Fd != 1 && Fd != 2) {
        errno = EBADF;
        return -1;
    }
    HalUartWrite(COM1, Buffer, Length);
    return (int)Length;
}

int read(int Fd, void *Buffer, size_t Length)
{
    errno = EBADF;
    return -1;
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
    return Fd >= 0 && Fd <= 2;
}

off_t lseek(int Fd, off_t Offset, int Whence)
{
    errno = ESPIPE;
    return -1;
}

int getpid(void)
{
    return 1;
}

/* abort() and a failed assert() end here: in a kernel, that is a STOP. */
int kill(int Pid, int Signal)
{
    KeBugCheckEx(MANUALLY_INITIATED_CRASH, (ULONG_PTR)Pid, (ULONG_PTR)Signal, 0, 0);
}

void _exit(int Status)
{
    KeBugCheckEx(MANUALLY_INITIATED_CRASH, 0, 0, (ULONG_PTR)Status, 0);
}
