/*
 * explore.c - run the model's processes as coroutines and explore every
 * schedule of a configuration.
 *
 * Each process of a configuration is a ucontext coroutine running its
 * operations (real provider and basesrv code) in order. It runs until the
 * environment's Yield (or a wait for the basesrv lock) parks it; so a
 * process moves one environment call at a time, and a schedule is the list
 * of which process moves at each step. A process waiting for the lock can
 * move only when the lock is free.
 *
 * Coroutines cannot be copied, so a schedule prefix is replayed from an
 * empty world each time. The search is depth-first over every enabled
 * process at every step. With Memoize, a state already explored is not
 * explored again: a state is the world (model.c's fingerprint) plus, per
 * process, whether it runs, waits or is done and a hash of everything the
 * environment returned to it - which, since the code is deterministic,
 * fixes its local variables and its future. Equal states have equal sets
 * of continuations, so the per-state counts (schedules, orphaning
 * schedules) add up to exactly what the exhaustive search without memo
 * counts; the unit test checks that on the two-operation sets.
 *
 * Interface: ModelExplore, ModelReplay, ModelRunSerial, ModelFormatConfig
 * (model.h).
 */
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "tests/model/model.h"
#include "user/lib/winerror.h"

#define EXP_STACK (64 * 1024)
#define EXP_MEMO_BITS 20

typedef enum { ExpReady, ExpBlocked, ExpDone } EXP_STATE;

typedef struct _EXP_THREAD {
    MODEL_PROCESS Process;
    ULONG OpCount;
    MODEL_OP Ops[MODEL_MAX_OPS];
    EXP_STATE State;
    BOOLEAN UseFailed;                  /* its last net use did not connect */
    uint64_t History[2];
    ucontext_t Context;
} EXP_THREAD;

#define EXP_SKIPPED 0xFFFFFFFFu         /* a delete the workload does not make */

/* The workload's rule: a program deletes only what it connected, so a
   process's delete is not made when its own net use before it failed. */
static ULONG ExpRunOp(MODEL_OP Op, BOOLEAN *UseFailed)
{
    ULONG Result;

    if ((Op == ModelDeleteA || Op == ModelDeleteB) && *UseFailed)
        return EXP_SKIPPED;
    Result = ModelRunOp(Op);
    if (Op == ModelUseA || Op == ModelUseB)
        *UseFailed = Result != 0;
    return Result;
}

typedef struct _EXP_COUNTS {
    uint64_t Schedules, Orphaned, TableOnly, DeadTop, Stale;
    ULONG Kinds;
} EXP_COUNTS;

typedef struct _EXP_MEMO {
    uint64_t Key[2];
    ULONG Generation;
    EXP_COUNTS Counts;
} EXP_MEMO;

static struct {
    EXP_THREAD Threads[MODEL_MAX_OPS];
    ULONG ThreadCount;
    ucontext_t Scheduler;
    FILE *Log;
    ULONG Step;
    EXP_MEMO *Memo;
    ULONG Generation;
} Exp;

static char ExpStacks[MODEL_MAX_OPS][EXP_STACK];

static VOID ExpPark(BOOLEAN Blocked);
static VOID ExpRecord(PCSTR Action, NTSTATUS Status, const VOID *Out, SIZE_T OutLength);
static MODEL_PROCESS ExpCurrentProcess(VOID);

MODEL_SCHEDULER ModelScheduler = { -1, ExpPark, ExpRecord, ExpCurrentProcess };

static MODEL_PROCESS ExpCurrentProcess(VOID)
{
    return Exp.Threads[ModelScheduler.Current].Process;
}

static PCSTR ExpStatusName(NTSTATUS Status)
{
    switch (Status) {
    case STATUS_SUCCESS: return "ok";
    case STATUS_OBJECT_NAME_NOT_FOUND: return "OBJECT_NAME_NOT_FOUND";
    case STATUS_OBJECT_NAME_COLLISION: return "OBJECT_NAME_COLLISION";
    case STATUS_ACCESS_DENIED: return "ACCESS_DENIED";
    case STATUS_BAD_NETWORK_NAME: return "BAD_NETWORK_NAME";
    default: return "error";
    }
}

/* "[t1, t2]" for a target list, or the single string. */
static VOID ExpFormatList(const VOID *Out, SIZE_T Length, char *Text, size_t Size)
{
    BASESRV_TARGET_LIST List;
    PCSTR Entry;
    size_t Used = 0;

    Text[0] = '\0';
    if (Length == 0 || Length > sizeof(List.Buffer))
        return;
    memcpy(List.Buffer, Out, Length);
    List.Length = (ULONG)Length;
    Used += snprintf(Text + Used, Size - Used, "[");
    for (Entry = BaseSrvpListNext(&List, NULL); Entry && Used < Size;
         Entry = BaseSrvpListNext(&List, Entry))
        Used += snprintf(Text + Used, Size - Used, "%s%s", Entry == List.Buffer ? "" : ", ",
                         strrchr(Entry, ';') ? strrchr(Entry, ';') : Entry);
    if (Used < Size)
        snprintf(Text + Used, Size - Used, "]");
}

static VOID ExpRecord(PCSTR Action, NTSTATUS Status, const VOID *Out, SIZE_T OutLength)
{
    EXP_THREAD *T;
    char Text[160];

    if (ModelScheduler.Current < 0)
        return;
    T = &Exp.Threads[ModelScheduler.Current];
    T->History[0] = (T->History[0] ^ (uint32_t)Status) * 0x100000001b3ull;
    T->History[1] = (T->History[1] + (uint32_t)Status) * 0x9e3779b97f4a7c15ull;
    for (SIZE_T I = 0; I < OutLength; I++) {
        T->History[0] = (T->History[0] ^ ((const UCHAR *)Out)[I]) * 0x100000001b3ull;
        T->History[1] = (T->History[1] + ((const UCHAR *)Out)[I]) * 0x9e3779b97f4a7c15ull;
    }
    if (Exp.Log == NULL)
        return;
    ExpFormatList(Out, OutLength, Text, sizeof(Text));
    fprintf(Exp.Log, "  %3u  %-3s  %-24s %-28s -> %s\n", Exp.Step,
            ModelProcessName(T->Process), Action, Text, ExpStatusName(Status));
}

static VOID ExpPark(BOOLEAN Blocked)
{
    EXP_THREAD *T = &Exp.Threads[ModelScheduler.Current];

    T->State = Blocked ? ExpBlocked : ExpReady;
    if (Blocked && Exp.Log)
        fprintf(Exp.Log, "  %3u  %-3s  lock (waits: held by another)\n", Exp.Step,
                ModelProcessName(T->Process));
    swapcontext(&T->Context, &Exp.Scheduler);
}

/* A coroutine: the process's operations, in order. */
static VOID ExpThreadMain(VOID)
{
    EXP_THREAD *T = &Exp.Threads[ModelScheduler.Current];
    ULONG I, Result;

    for (I = 0; I < T->OpCount; I++) {
        Result = ExpRunOp(T->Ops[I], &T->UseFailed);
        T = &Exp.Threads[ModelScheduler.Current];
        T->History[0] = (T->History[0] ^ Result) * 0x100000001b3ull;
        if (Exp.Log && Result == EXP_SKIPPED)
            fprintf(Exp.Log, "  %3u  %-3s  => %s: not made, it connected nothing\n", Exp.Step,
                    ModelProcessName(T->Process), ModelOpName(T->Ops[I]));
        else if (Exp.Log)
            fprintf(Exp.Log, "  %3u  %-3s  => %s: %u%s%s\n", Exp.Step,
                    ModelProcessName(T->Process), ModelOpName(T->Ops[I]), Result,
                    BasepWin32ErrorText(Result) ? " " : "",
                    BasepWin32ErrorText(Result) ? BasepWin32ErrorText(Result) : "");
    }
    T->State = ExpDone;
}

static VOID ExpResume(ULONG Index)
{
    ModelScheduler.Current = (LONG)Index;
    swapcontext(&Exp.Scheduler, &Exp.Threads[Index].Context);
    ModelScheduler.Current = -1;
}

static BOOLEAN ExpEnabled(ULONG Index)
{
    EXP_STATE State = Exp.Threads[Index].State;

    return State == ExpReady || (State == ExpBlocked && ModelLockFree());
}

/* One coroutine per process, each holding that process's operations. */
static VOID ExpCreateThreads(const MODEL_CONFIG *Config)
{
    ULONG I, J;

    memset(Exp.Threads, 0, sizeof(Exp.Threads));
    Exp.ThreadCount = 0;
    for (I = 0; I < Config->OpCount; I++) {
        MODEL_PROCESS Process = ModelOpProcess(Config->Ops[I]);

        for (J = 0; J < Exp.ThreadCount && Exp.Threads[J].Process != Process; J++)
            ;
        if (J == Exp.ThreadCount) {
            Exp.Threads[J].Process = Process;
            Exp.ThreadCount++;
        }
        Exp.Threads[J].Ops[Exp.Threads[J].OpCount++] = Config->Ops[I];
    }
    for (J = 0; J < Exp.ThreadCount; J++) {
        getcontext(&Exp.Threads[J].Context);
        Exp.Threads[J].Context.uc_stack.ss_sp = ExpStacks[J];
        Exp.Threads[J].Context.uc_stack.ss_size = EXP_STACK;
        Exp.Threads[J].Context.uc_link = &Exp.Scheduler;
        makecontext(&Exp.Threads[J].Context, ExpThreadMain, 0);
        ExpResume(J);                   /* runs to its first environment call */
    }
}

/* The world before the operations: empty, or A connected to X:. */
static VOID ExpSetUp(const MODEL_CONFIG *Config)
{
    ModelScheduler.Current = -1;
    ModelReset(Config->Variant, Config->SharedContexts);
    if (Config->AOwnsX) {
        ModelSetSerialProcess(ModelMmtaA);
        if (ModelRunOp(ModelUseA) != 0)
            abort();
    }
}

/* Replay a schedule prefix; FALSE if it asks for a process that cannot move. */
static BOOLEAN ExpReplay(const MODEL_CONFIG *Config, const UCHAR *Choices, ULONG Count)
{
    ULONG I;

    ExpSetUp(Config);
    Exp.Step = 0;
    ExpCreateThreads(Config);
    for (I = 0; I < Count; I++) {
        if (Choices[I] >= Exp.ThreadCount || !ExpEnabled(Choices[I]))
            return FALSE;
        Exp.Step = I + 1;
        ExpResume(Choices[I]);
    }
    return TRUE;
}

/* The verdict on a finished schedule. */
static EXP_COUNTS ExpAudit(VOID)
{
    BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES];
    EXP_COUNTS Counts = { .Schedules = 1 };
    ULONG Drive, Stale = 0;

    BaseSrvAuditDrives(ModelServer(), Audit);
    for (Drive = 0; Drive < BASESRV_DRIVES; Drive++) {
        Counts.Kinds |= Audit[Drive].Orphan;
        Stale += Audit[Drive].StaleBeneath;
    }
    Counts.DeadTop = (Counts.Kinds & BASESRV_ORPHAN_DEAD_TOP) != 0;
    Counts.Orphaned = Counts.DeadTop;           /* only a link nothing backs */
    Counts.TableOnly = !Counts.DeadTop && Counts.Kinds != 0;
    Counts.Stale = Stale != 0;
    return Counts;
}

static VOID ExpStateKey(uint64_t Key[2])
{
    ULONG I;

    Key[0] = 0xcbf29ce484222325ull;
    Key[1] = 0x84222325cbf29ce4ull;
    ModelHashWorld(Key);
    for (I = 0; I < Exp.ThreadCount; I++) {
        Key[0] = (Key[0] ^ Exp.Threads[I].History[0] ^ Exp.Threads[I].State) * 0x100000001b3ull;
        Key[1] = (Key[1] ^ Exp.Threads[I].History[1]) * 0x100000001b3ull + I;
    }
}

static EXP_MEMO *ExpMemoSlot(const uint64_t Key[2])
{
    ULONG Mask = (1u << EXP_MEMO_BITS) - 1, I = (ULONG)Key[0] & Mask;

    while (Exp.Memo[I].Generation == Exp.Generation &&
           (Exp.Memo[I].Key[0] != Key[0] || Exp.Memo[I].Key[1] != Key[1]))
        I = (I + 1) & Mask;
    return &Exp.Memo[I];
}

static VOID ExpAdd(EXP_COUNTS *Sum, const EXP_COUNTS *Part)
{
    Sum->Schedules += Part->Schedules;
    Sum->Orphaned += Part->Orphaned;
    Sum->DeadTop += Part->DeadTop;
    Sum->TableOnly += Part->TableOnly;
    Sum->Stale += Part->Stale;
    Sum->Kinds |= Part->Kinds;
}

/* A schedule ran to its end (or to a deadlock): audit it, keep the
   shortest orphaning one as the witness. */
static EXP_COUNTS ExpFinish(const UCHAR *Choices, ULONG Depth, BOOLEAN AllDone,
                            MODEL_RESULT *Result)
{
    EXP_COUNTS Counts = ExpAudit();

    Result->Deadlocks += !AllDone;
    if (Counts.Orphaned && (Result->WitnessLength == 0 || Depth < Result->WitnessLength)) {
        memcpy(Result->Witness, Choices, Depth);
        Result->WitnessLength = Depth;
    }
    return Counts;
}

static EXP_COUNTS ExpSearch(const MODEL_CONFIG *Config, UCHAR *Choices, ULONG Depth,
                            BOOLEAN Memoize, MODEL_RESULT *Result)
{
    EXP_COUNTS Counts = { 0 }, Part;
    BOOLEAN AllDone = TRUE;
    ULONG Enabled = 0, Threads, I;
    uint64_t Key[2];
    EXP_MEMO *Slot = NULL;

    Result->Replays++;
    if (!ExpReplay(Config, Choices, Depth) || Depth >= MODEL_MAX_STEPS)
        abort();
    Threads = Exp.ThreadCount;
    for (I = 0; I < Threads; I++) {
        AllDone &= Exp.Threads[I].State == ExpDone;
        Enabled |= (ULONG)ExpEnabled(I) << I;
    }
    if (Enabled == 0)
        return ExpFinish(Choices, Depth, AllDone, Result);
    if (Memoize) {
        ExpStateKey(Key);
        Slot = ExpMemoSlot(Key);
        if (Slot->Generation == Exp.Generation)
            return Slot->Counts;
    }
    Result->States++;
    for (I = 0; I < Threads; I++) {
        if (!(Enabled & (1u << I)))
            continue;
        Choices[Depth] = (UCHAR)I;
        Part = ExpSearch(Config, Choices, Depth + 1, Memoize, Result);
        ExpAdd(&Counts, &Part);
    }
    if (Slot) {
        Slot->Key[0] = Key[0];
        Slot->Key[1] = Key[1];
        Slot->Generation = Exp.Generation;
        Slot->Counts = Counts;
    }
    return Counts;
}

VOID ModelExplore(const MODEL_CONFIG *Config, BOOLEAN Memoize, MODEL_RESULT *Result)
{
    UCHAR Choices[MODEL_MAX_STEPS];
    EXP_COUNTS Counts;

    memset(Result, 0, sizeof(*Result));
    if (Exp.Memo == NULL && (Exp.Memo = calloc(1u << EXP_MEMO_BITS, sizeof(EXP_MEMO))) == NULL)
        abort();
    Exp.Generation++;
    Counts = ExpSearch(Config, Choices, 0, Memoize, Result);
    Result->Schedules = Counts.Schedules;
    Result->Orphaned = Counts.Orphaned;
    Result->DeadTop = Counts.DeadTop;
    Result->TableOnly = Counts.TableOnly;
    Result->Stale = Counts.Stale;
    Result->OrphanKinds = Counts.Kinds;
}

/* Replay one schedule with every step printed; the number of orphaned
   letters at its end (the audit of X: is printed too). */
ULONG ModelReplay(const MODEL_CONFIG *Config, const UCHAR *Choices, ULONG Count, FILE *Log)
{
    BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES];
    BASESRV_DRIVE_AUDIT *X = &Audit['X' - 'A'];
    char Text[160];
    ULONG Orphans;

    Exp.Log = Log;
    if (!ExpReplay(Config, Choices, Count))
        abort();
    Exp.Log = NULL;
    Orphans = BaseSrvAuditDrives(ModelServer(), Audit);
    ExpFormatList(X->Targets.Buffer, X->Targets.Length, Text, sizeof(Text));
    fprintf(Log, "  audit X: entry %s owner 0x%x refs %u; link %s; top %s%s; orphan 0x%x\n",
            BaseSrvDriveStateName(X->Entry.State), X->Entry.OwnerProcessId,
            X->Entry.References, X->LinkExists ? Text : "none",
            X->Backing == BaseSrvBackingLive ? "live" :
            X->Backing == BaseSrvBackingDead ? "DEAD (no connection)" : "-",
            X->Backing == BaseSrvBackingLive ? " in its process" : "", X->Orphan);
    return Orphans;
}

/* The operations one at a time, in Order (indices into Config->Ops); the
   number of orphaned letters at the end. */
ULONG ModelRunSerial(const MODEL_CONFIG *Config, const UCHAR *Order)
{
    BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES];
    BOOLEAN UseFailed[ModelProcesses] = { FALSE };
    ULONG I;

    ExpSetUp(Config);
    for (I = 0; I < Config->OpCount; I++) {
        MODEL_PROCESS Process = ModelOpProcess(Config->Ops[Order[I]]);

        ModelSetSerialProcess(Process);
        ExpRunOp(Config->Ops[Order[I]], &UseFailed[Process]);
    }
    return BaseSrvAuditDrives(ModelServer(), Audit);
}

VOID ModelFormatConfig(const MODEL_CONFIG *Config, char *Buffer, size_t Size)
{
    static const char *Short[ModelOps] = { "useA", "useB", "delA", "delB", "rmexW", "holdCIM" };
    size_t Used;
    ULONG I;

    Used = snprintf(Buffer, Size, "%-3s%s %-8s {", BaseSrvVariantName(Config->Variant),
                    Config->SharedContexts ? "/shared" : "", Config->AOwnsX ? "A-owns-X" : "empty");
    for (I = 0; I < Config->OpCount && Used < Size; I++)
        Used += snprintf(Buffer + Used, Size - Used, "%s%s", I ? " " : "", Short[Config->Ops[I]]);
    if (Used < Size)
        snprintf(Buffer + Used, Size - Used, "}");
}
