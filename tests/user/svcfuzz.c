/*
 * svcfuzz.c - a seeded fuzzer of the system-service boundary, from ring 3:
 * `svcfuzz SEED CALLS` makes CALLS calls of every native call with
 * arguments drawn from SEED, and exits 0 when every call came back with an
 * NTSTATUS (a call that faulted the kernel would have stopped the machine;
 * one that faulted this process would have ended it with the fault's
 * code). The guest suite `svcfuzz` (tests/guest/test_svcfuzz.c) runs it as
 * an unprivileged user and ends with the leak audit.
 *
 * Each argument word is drawn by its kind (FZ_KIND): a handle, a pointer
 * the kernel reads or writes, a length, a time-out, object attributes, a
 * string... and every pointer kind draws from NULL, kernel addresses,
 * unmapped and read-only user pages, misaligned ones, and addresses that
 * straddle the end of a scratch region into a no-access page - or a good
 * pointer into that scratch region, filled with random bytes. What the
 * kernel writes through a pointer lands in the scratch region or faults.
 * The fuzzer is unprivileged: a service that needs a privilege (NtLoadDriver,
 * NtUnloadDriver) must answer STATUS_PRIVILEGE_NOT_HELD whatever it is
 * given, even a driver's real name; any other answer fails the run.
 *
 * The calls run on a worker thread. A call may block for good (a wait on
 * an event nobody sets, a receive on a port nobody sends to); when the
 * worker stops making progress the main thread ends it (NtTerminateThread
 * - which must get it out of any wait it is in) and starts another at the
 * next call, on the same stack (as NT's TerminateThread, ending a thread
 * does not free its stack: the fuzzer reuses its one worker stack). The fuzzer's own handles (standard output, the malloc lock)
 * and memory are never drawn: only handles it made for the purpose, and
 * bad values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ntlpc.h"
#include "ntmm.h"
#include "ntob.h"
#include "ntrtl.h"

#define SCRATCH_SIZE    (64u * 1024)
#define PAGE            4096u
#define MAX_WORDS       12
#define TICK            (-10000LL)      /* 1 ms */
#define STALL_TICKS     20              /* a worker silent this long is stuck */
#define WORKER_STACK    (64u * 1024)

typedef enum {
    K_INT,          /* any 32-bit value */
    K_SMALL,        /* a flag, a class, a count: 0..40 or a random value */
    K_LENGTH,       /* 0, small, the scratch's size, huge */
    K_HANDLE,       /* a handle made for the fuzzing, or a bad value */
    K_PROCESS,      /* NtCurrentProcess() or a bad value: never another process */
    K_BADHANDLE,    /* a bad value only (terminate calls) */
    K_IN,           /* a pointer the kernel reads */
    K_OUT,          /* a pointer the kernel writes */
    K_ATTRIBUTES,   /* OBJECT_ATTRIBUTES with a name */
    K_STRING,       /* a STRING with a name */
    K_TIMEOUT,      /* a LONG64 time-out or offset */
    K_BASE,         /* an in-out base address: the fuzz region or bad */
    K_START,        /* a thread's start: FzThreadExit */
    K_IMAGE,        /* NtCreateUserProcess's image name */
    K_LINE,         /* and its command line */
    K_RENAME,       /* file information: a FILE_RENAME_INFORMATION with a name, or bytes */
} FZ_KIND;

typedef struct {
    const char *Name;
    PVOID Routine;
    const char *Kinds;          /* one letter per argument word, FZ_LETTERS */
    BOOLEAN Privileged;         /* must answer STATUS_PRIVILEGE_NOT_HELD */
} FZ_SERVICE;

/* FZ_KIND by letter: i s l h p b r w a t n v x m c f */
static const char FZ_LETTERS[] = "islhpbrwantvxmcf";

#define SVC(name, kinds) { #name, (PVOID)Nt##name, kinds, FALSE }
#define PRIVILEGED(name, kinds) { #name, (PVOID)Nt##name, kinds, TRUE }
static const FZ_SERVICE FzServices[] = {
    SVC(AcceptConnectPort, "hirs"),
    SVC(AllocateVirtualMemory, "pvswss"),
    SVC(Close, "h"),
    SVC(ConnectPort, "wnrw"),
    SVC(CreateDirectoryObject, "wia"),
    SVC(CreateEvent, "wiass"),
    SVC(CreateFile, "wiawss"),
    SVC(CreateMutant, "wias"),
    SVC(CreatePort, "wasss"),
    SVC(CreateSymbolicLinkObject, "wian"),
    SVC(CreateThread, "wiapwxir"),
    SVC(CreateUserProcess, "wimcw"),
    SVC(DelayExecution, "st"),
    SVC(DeviceIoControlFile, "hhiiwirlwl"),
    SVC(FreeVirtualMemory, "pvws"),
    SVC(FsControlFile, "hhiiwirlwl"),
    SVC(MakeTemporaryObject, "h"),
    SVC(OpenFile, "wiawss"),
    SVC(OpenProcess, "wiar"),
    SVC(OpenSymbolicLinkObject, "wia"),
    SVC(ProtectVirtualMemory, "pvwsw"),
    SVC(QueryDirectoryFile, "hhiiwwlssns"),
    SVC(QueryInformationFile, "hwwls"),
    SVC(QueryInformationProcess, "pswlw"),
    SVC(QuerySymbolicLinkObject, "hrw"),
    SVC(QuerySystemInformation, "swlw"),
    SVC(QueryVirtualMemory, "pisrlw"),
    SVC(QueryVolumeInformationFile, "hwwls"),
    SVC(ReadFile, "hhiiwwltr"),
    SVC(ReleaseMutant, "hw"),
    SVC(ReplyPort, "hr"),
    SVC(ReplyWaitReceivePort, "hwrw"),
    SVC(RequestWaitReplyPort, "hrw"),
    SVC(ResetEvent, "hw"),
    SVC(SetEvent, "hw"),
    SVC(TerminateProcess, "bi"),
    SVC(TerminateThread, "bi"),
    SVC(TestAlert, ""),
    SVC(WaitForMultipleObjects, "srsst"),
    SVC(WaitForSingleObject, "hst"),
    SVC(WriteFile, "hhiiwrltr"),
    SVC(YieldExecution, ""),
    SVC(ImpersonateClientOfPort, "hr"),
    SVC(SetInformationThread, "hsrl"),
    SVC(SetInformationFile, "hwfls"),
    SVC(FlushBuffersFile, "hw"),
    PRIVILEGED(LoadDriver, "n"),
    PRIVILEGED(UnloadDriver, "n"),
    SVC(OpenDirectoryObject, "wia"),
    SVC(QueryDirectoryObject, "hwlssww"),
    SVC(TraceMark, "iii"),
};

/* The names object attributes and strings carry. */
static const char *const FzNames[] = {
    "\\Device\\Null", "\\Device\\Null\\X", "\\Windows\\FzObject", "\\Windows\\FzLink",
    "\\Windows\\FzPort", "\\Windows\\ApiPortX", "\\DosDevices\\FZ:", "\\", "",
    "\\Device\\Console\\..", "\\Windows\\Fz\\Deep\\Name", "nothing", "utest", "utest exit 3",
    "\\Device\\Ipx\\0", "\\Device\\NwRdr", "\\Windows\\FzPort0", "\\Driver\\NwRdr",
};

typedef NTSTATUS (*FZ_CALL)(ULONG, ULONG, ULONG, ULONG, ULONG, ULONG, ULONG, ULONG, ULONG,
                            ULONG, ULONG, ULONG);

static PUCHAR FzScratch;            /* SCRATCH_SIZE, then a no-access page */
static PVOID FzRegion;              /* a region the VM calls may free and protect */
static PVOID FzStacks;              /* the stacks of the threads NtCreateThread makes */
static PVOID FzWorkerStack;         /* WORKER_STACK bytes: every worker's, one at a time */
static HANDLE FzHandles[8];         /* made for the fuzzing */
static ULONG FzHandleCount;
static volatile ULONG FzNext;       /* the next call: service * calls + round */
static volatile ULONG FzStatuses;   /* calls that came back */
static volatile ULONG FzPrivileged; /* privileged calls that did not say PRIVILEGE_NOT_HELD */
static ULONG FzSeed, FzCalls;
static ULONG FzRandomState;

static ULONG FzRandom(VOID)
{
    ULONG x = FzRandomState;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return FzRandomState = x;
}

static ULONG FzPick(ULONG n)
{
    return FzRandom() % n;
}

/* ---------------------------------------------------------------- values */

/* A pointer into the scratch region with room for at least Bytes, often
   at its very end (so that more than Bytes runs into the no-access page). */
static ULONG FzScratchPointer(ULONG Bytes)
{
    ULONG room = Bytes < SCRATCH_SIZE ? Bytes : SCRATCH_SIZE;

    switch (FzPick(3)) {
    case 0: return (ULONG)FzScratch + SCRATCH_SIZE - room;
    case 1: return (ULONG)FzScratch + (FzPick(SCRATCH_SIZE - room + 1) & ~3u);
    default: return (ULONG)FzScratch + 4 * FzPick(64);
    }
}

/* A bad pointer that is not our own read-only table. */
static ULONG FzForeignPointer(VOID)
{
    static const ULONG bad[] = {
        0, 4, 0x00001000, 0x00100000, 0x00200000, 0x3FFFF000, 0x40000000, 0x40010000,
        0x50000000, 0x7FFEFFF8, 0x7FFF0000, 0x7FFFFFFF, 0x80000000, 0xC0000000, 0xD0000000,
        0xE0000000, 0xFFFFF000, 0xFFFFFFFC,
    };

    switch (FzPick(3)) {
    case 0: return FzScratchPointer(4) + 1;               /* misaligned */
    case 1: return (ULONG)FzScratch + SCRATCH_SIZE - FzPick(8);  /* straddles the end */
    default: return bad[FzPick(ARRAYSIZE(bad))];
    }
}

static ULONG FzBadPointer(VOID)
{
    return FzPick(4) == 0 ? (ULONG)FzServices : FzForeignPointer();  /* read-only: our .rodata */
}

static ULONG FzPointer(ULONG Bytes)
{
    return FzPick(3) == 0 ? FzBadPointer() : FzScratchPointer(Bytes);
}

static ULONG FzLength(VOID)
{
    static const ULONG lengths[] = { 0, 1, 4, 16, 24, 64, 512, 1024, 4096, SCRATCH_SIZE,
                                     SCRATCH_SIZE + 1, 0x7FFFFFFF, 0xFFFFFFFF };

    return FzPick(3) == 0 ? FzRandom() : lengths[FzPick(ARRAYSIZE(lengths))];
}

/* Values no handle can ever have here: not a multiple of 4, past the
   largest handle table, or a kernel handle's. */
static ULONG FzBadHandle(VOID)
{
    static const ULONG bad[] = { 0, 1, 2, 3, 0x7FF1, 0x40004, 0x10000000, 0x80000000,
                                 0x80000004, 0x80000008, 0xFFFFFFFC, 0xFFFFFFF0 };

    return bad[FzPick(ARRAYSIZE(bad))];
}

static ULONG FzHandle(VOID)
{
    if (FzPick(4) == 0)
        return FzBadHandle();
    if (FzPick(8) == 0)
        return FzPick(2) ? (ULONG)NtCurrentProcess() : (ULONG)NtCurrentThread();
    return (ULONG)FzHandles[FzPick(FzHandleCount)];
}

/* A STRING in the scratch region naming one of FzNames (or lying). */
static ULONG FzString(VOID)
{
    PSTRING s = (PSTRING)FzScratchPointer(sizeof(STRING) + 600);
    PCHAR text = (PCHAR)(s + 1);
    const char *name = FzNames[FzPick(ARRAYSIZE(FzNames))];
    ULONG length = strlen(name);

    if ((ULONG)s + sizeof(STRING) + 600 > (ULONG)FzScratch + SCRATCH_SIZE)
        return (ULONG)s;            /* at the very end: the kernel's read faults */
    memcpy(text, name, length);
    if (FzPick(8) == 0)
        length = 520 + FzPick(80);  /* longer than any name may be */
    s->Length = (USHORT)length;
    s->MaximumLength = (USHORT)(FzPick(8) == 0 ? FzRandom() : length);
    s->Buffer = FzPick(6) == 0 ? (PCHAR)FzBadPointer() : text;
    if (FzPick(10) == 0)
        s->Length = (USHORT)FzRandom();
    return FzPick(10) == 0 ? FzBadPointer() : (ULONG)s;
}

/* NtSetInformationFile's buffer: often a rename to one of FzNames (its
   length sometimes lying), so that the target-directory open is fuzzed
   too; else any pointer. */
static ULONG FzRename(VOID)
{
    FILE_RENAME_INFORMATION *r = (FILE_RENAME_INFORMATION *)FzScratchPointer(sizeof(*r) + 600);
    const char *name = FzNames[FzPick(ARRAYSIZE(FzNames))];

    if (FzPick(3) == 0 || (ULONG)r + sizeof(*r) + 600 > (ULONG)FzScratch + SCRATCH_SIZE)
        return FzPointer(1024);
    r->ReplaceIfExists = (BOOLEAN)FzPick(2);
    r->RootDirectory = FzPick(8) == 0 ? (HANDLE)FzHandle() : NULL;
    r->FileNameLength = FzPick(8) == 0 ? FzRandom() : strlen(name);
    memcpy(r->FileName, name, strlen(name));
    return (ULONG)r;
}

static ULONG FzAttributes(VOID)
{
    POBJECT_ATTRIBUTES oa = (POBJECT_ATTRIBUTES)FzScratchPointer(sizeof(*oa));

    if ((ULONG)oa + sizeof(*oa) > (ULONG)FzScratch + SCRATCH_SIZE)
        return (ULONG)oa;
    oa->Length = FzPick(6) == 0 ? FzRandom() : sizeof(*oa);
    oa->RootDirectory = FzPick(8) == 0 ? (HANDLE)FzHandle() : NULL;
    oa->ObjectName = (PSTRING)FzString();
    oa->Attributes = FzPick(4) == 0 ? FzRandom() : OBJ_CASE_INSENSITIVE | (FzPick(2) << 4);
    return FzPick(8) == 0 ? (FzPick(2) ? 0 : FzBadPointer()) : (ULONG)oa;
}

/* A time-out: polls, short, or forever (the watchdog ends those). */
static ULONG FzTimeout(VOID)
{
    static const LONG64 times[] = { 0, TICK, -1, -100000, -100000000LL, 1, 0x7FFFFFFFFFFFFFFFLL,
                                    (LONG64)0x8000000000000000ULL };
    LONG64 *t = (LONG64 *)FzScratchPointer(sizeof(LONG64));

    if ((ULONG)t + sizeof(LONG64) <= (ULONG)FzScratch + SCRATCH_SIZE)
        *t = times[FzPick(ARRAYSIZE(times))];
    return FzPick(5) == 0 ? (FzPick(2) ? 0 : FzBadPointer()) : (ULONG)t;
}

/* An in-out base address for the VM calls: the region the fuzzer gave
   them, somewhere in it, a random or a bad address - never our own. */
static ULONG FzBase(VOID)
{
    PVOID *cell = (PVOID *)FzScratchPointer(sizeof(PVOID));
    static const ULONG other[] = { 0, 0x1000, 0x40000000, 0x50000000, 0x7FFE0000, 0xC0000000 };

    if ((ULONG)cell + sizeof(PVOID) > (ULONG)FzScratch + SCRATCH_SIZE)
        return (ULONG)cell;
    switch (FzPick(4)) {
    case 0: *cell = FzRegion; break;
    case 1: *cell = (PUCHAR)FzRegion + PAGE * FzPick(16) + FzPick(2); break;
    case 2: *cell = (PVOID)other[FzPick(ARRAYSIZE(other))]; break;
    default: *cell = (PVOID)(0x60000000 + (FzRandom() & 0x0FFFF000)); break;
    }
    /* Not FzServices: a base read from there is our .rodata, which the VM
       calls would then free or make writable under the other calls' feet. */
    return FzPick(8) == 0 ? FzForeignPointer() : (ULONG)cell;
}

static VOID FzThreadExit(PVOID Parameter)
{
    NtTerminateThread(NtCurrentThread(), STATUS_SUCCESS);
}

/* An INITIAL_TEB for NtCreateThread's stack, or a bad one. */
static ULONG FzStack(VOID)
{
    PINITIAL_TEB t = (PINITIAL_TEB)FzScratchPointer(sizeof(*t));

    if ((ULONG)t + sizeof(*t) > (ULONG)FzScratch + SCRATCH_SIZE)
        return (ULONG)t;
    t->StackBase = (PUCHAR)FzStacks + 16 * PAGE;
    t->StackLimit = FzStacks;
    t->AllocatedStackBase = FzStacks;
    if (FzPick(3) == 0)
        t->StackBase = (PVOID)FzBadPointer();
    return (ULONG)t;
}

static ULONG FzWord(FZ_KIND Kind)
{
    switch (Kind) {
    case K_INT: return FzRandom();
    case K_SMALL: return FzPick(4) == 0 ? FzRandom() : FzPick(41);
    case K_LENGTH: return FzLength();
    case K_HANDLE: return FzHandle();
    case K_PROCESS: return FzPick(4) == 0 ? FzBadHandle() : (ULONG)NtCurrentProcess();
    case K_BADHANDLE: return FzBadHandle();
    case K_IN: return FzPointer(1024);
    case K_OUT: return FzPointer(1024);
    case K_ATTRIBUTES: return FzAttributes();
    case K_STRING: return FzString();
    case K_TIMEOUT: return FzTimeout();
    case K_BASE: return FzBase();
    case K_START: return (ULONG)FzThreadExit;
    case K_IMAGE: return FzString();
    case K_LINE: return FzPick(2) ? FzString() : 0;
    case K_RENAME: return FzRename();
    }
    return 0;
}

/* ---------------------------------------------------------------- the run */

/* Random bytes over the scratch region (what "good" pointers point at). */
static VOID FzScribble(VOID)
{
    for (ULONG i = 0; i < SCRATCH_SIZE / 4; i += 1 + FzPick(64))
        ((PULONG)FzScratch)[i] = FzRandom();
}

static VOID FzCall(ULONG Service)
{
    const FZ_SERVICE *s = &FzServices[Service];
    ULONG a[MAX_WORDS] = { 0 }, i;
    NTSTATUS status;

    for (i = 0; s->Kinds[i] != '\0'; i++)
        a[i] = FzWord((FZ_KIND)(strchr(FZ_LETTERS, s->Kinds[i]) - FZ_LETTERS));
    if (s->Routine == (PVOID)NtCreateThread)
        a[7] = FzStack();           /* a stack no other fuzzed call frees */
    status = ((FZ_CALL)s->Routine)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
                                   a[10], a[11]);
    if (s->Privileged && status != STATUS_PRIVILEGE_NOT_HELD)
        FzPrivileged++;
    FzStatuses++;
}

/* The worker: calls FzNext onwards; each call's arguments come from a
   generator seeded by the call's own number, so that a call is the same
   whether or not an earlier worker was ended before it. It uses nothing of
   the C library that keeps state (its TEB has none of its own). */
static VOID FzWorker(PVOID Parameter)
{
    ULONG total = ARRAYSIZE(FzServices) * FzCalls;

    while (FzNext < total) {
        ULONG n = FzNext;

        FzRandomState = FzSeed * 2654435761u ^ (n + 1) * 40503u;
        FzRandom();
        if (n % 64 == 0)
            FzScribble();
        FzNext = n + 1;
        FzCall(n % ARRAYSIZE(FzServices));
    }
    NtTerminateThread(NtCurrentThread(), STATUS_SUCCESS);
}

static NTSTATUS FzStartWorker(PHANDLE Worker)
{
    INITIAL_TEB stack = { (PUCHAR)FzWorkerStack + WORKER_STACK, FzWorkerStack, FzWorkerStack };

    return NtCreateThread(Worker, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), NULL,
                          (PVOID)FzWorker, NULL, &stack);
}

static NTSTATUS FzPrepare(VOID)
{
    STRING null = { 12, 12, "\\Device\\Null" }, port = { 16, 16, "\\Windows\\FzPort0" };
    STRING dos = { 11, 11, "\\DosDevices" };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    PVOID base = NULL;
    SIZE_T size = SCRATCH_SIZE + PAGE, fsize = 64 * 1024;
    ULONG old;
    NTSTATUS status = NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size,
                                              MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);

    if (NT_SUCCESS(status)) {
        FzScratch = base;
        base = FzScratch + SCRATCH_SIZE;
        size = PAGE;
        status = NtProtectVirtualMemory(NtCurrentProcess(), &base, &size, PAGE_NOACCESS, &old);
    }
    if (NT_SUCCESS(status))
        status = NtAllocateVirtualMemory(NtCurrentProcess(), &FzRegion, 0, &fsize,
                                         MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    fsize = 64 * 1024;
    if (NT_SUCCESS(status))
        status = NtAllocateVirtualMemory(NtCurrentProcess(), &FzStacks, 0, &fsize,
                                         MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    fsize = WORKER_STACK;
    if (NT_SUCCESS(status))
        status = NtAllocateVirtualMemory(NtCurrentProcess(), &FzWorkerStack, 0, &fsize,
                                         MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!NT_SUCCESS(status))
        return status;
    NtCreateEvent(&FzHandles[FzHandleCount++], EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
    NtCreateEvent(&FzHandles[FzHandleCount++], EVENT_ALL_ACCESS, NULL, SynchronizationEvent,
                  TRUE);
    NtCreateMutant(&FzHandles[FzHandleCount++], MUTANT_ALL_ACCESS, NULL, FALSE);
    InitializeObjectAttributes(&oa, &null, 0, NULL, NULL);
    NtOpenFile(&FzHandles[FzHandleCount++], FILE_READ_DATA | FILE_WRITE_DATA, &oa, &iosb, 0, 0);
    InitializeObjectAttributes(&oa, &port, 0, NULL, NULL);
    NtCreatePort(&FzHandles[FzHandleCount++], &oa, 0, 0, 0);
    InitializeObjectAttributes(&oa, &dos, 0, NULL, NULL);
    NtOpenDirectoryObject(&FzHandles[FzHandleCount++], DIRECTORY_QUERY, &oa);
    return STATUS_SUCCESS;
}

/* Runs workers until every call is made, ending any that stops moving. */
static int FzRun(VOID)
{
    ULONG total = ARRAYSIZE(FzServices) * FzCalls, ended = 0;
    LONG64 tick = TICK;

    while (FzNext < total) {
        HANDLE worker;
        ULONG seen = FzNext, quiet = 0;

        if (!NT_SUCCESS(FzStartWorker(&worker)))
            return 2;
        while (NtWaitForSingleObject(worker, FALSE, &tick) == STATUS_TIMEOUT) {
            quiet = FzNext == seen ? quiet + 1 : 0;
            seen = FzNext;
            if (quiet == STALL_TICKS) {
                NtTerminateThread(worker, STATUS_TIMEOUT);
                NtWaitForSingleObject(worker, FALSE, NULL);
                ended++;
            }
        }
        NtClose(worker);
    }
    printf("# svcfuzz: seed %lu: %lu calls of %u services, %lu returned, %lu stuck workers "
           "ended\n", (unsigned long)FzSeed, (unsigned long)total,
           (unsigned)ARRAYSIZE(FzServices), (unsigned long)FzStatuses, (unsigned long)ended);
    if (FzPrivileged != 0) {
        printf("# svcfuzz: %lu privileged calls did not answer STATUS_PRIVILEGE_NOT_HELD\n",
               (unsigned long)FzPrivileged);
        return 3;
    }
    return 0;
}

int main(int argc, char **argv)
{
    FzSeed = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
    FzCalls = argc > 2 ? strtoul(argv[2], NULL, 0) : 100;
    if (!NT_SUCCESS(FzPrepare()))
        return 1;
    return FzRun();
}
