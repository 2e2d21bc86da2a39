/*
 * ke.h - the kernel proper: startup, traps, bugcheck, IRQL, spinlocks,
 * threads and the scheduler, dispatcher objects, timers, DPCs, APCs, the
 * clocks and the boot arguments.
 *
 * Interface:
 *   init.c      KiSystemStartup                 (from boot/entry.S)
 *   trap.c      KiDispatchTrap (from boot/trap.S), KeEnterUserMode
 *   syscall.c   KiSystemServiceDispatch: int 0x2e to the native call
 *   zw.S        ZwXxx: the native calls for kernel code
 *   bugcheck.c  KeBugCheckEx, KiBugCheckWithFrame, KiBugCheckFromTask
 *   symbols.c   KiLookupSymbol                  (pure; unit-tested)
 *   clock.c     KeUpdateSystemTime, KeQueryRealTime
 *   irql.c      KeRaiseIrql, KeLowerIrql, KiExitInterrupt
 *   spinlock.c  KeInitializeSpinLock, KeAcquireSpinLock, KeReleaseSpinLock
 *   lockrank.c  the lock-order checker's reports and its mutex check
 *               (the order is lockrank.h; spin locks are checked in spinlock.c)
 *   thread.c    KeCreateThread, KeTerminateThread, thread stacks and reaping
 *   sched.c     the scheduler (rr and pct), schedule points and sources
 *   ctxswap.S   KiSwapContext: the one place a thread stops and another starts
 *   pct.c       PCT's random choices (pure; pct.h; unit-tested)
 *   decide.c    a schedule as a list of decisions, its text form (pure; pct.h;
 *               unit-tested)
 *   time.c      kernel time, real or virtual
 *   wait.c      KeWaitForSingleObject, KeWaitForMultipleObjects, KeDelayExecutionThread
 *   event.c     events, mutexes and semaphores
 *   timer.c     KeSetTimer, KeCancelTimer and the timer queue
 *   dpc.c       KeInitializeDpc, KeInsertQueueDpc, KiRetireDpcList
 *   apc.c       kernel APCs and their delivery
 *   bootargs.c  KeBootArgs, KiParseBootArgs
 */
#ifndef KE_H
#define KE_H

#include "ntdef.h"
#include "ke/lockrank.h"

/* Bugcheck codes, NT's numbers. */
#define INVALID_DATA_ACCESS_TRAP            0x00000004
#define IRQL_NOT_LESS_OR_EQUAL              0x0000000A
#define SPIN_LOCK_ALREADY_OWNED             0x0000000F
#define IRQL_NOT_GREATER_OR_EQUAL           0x00000009
#define KMODE_EXCEPTION_NOT_HANDLED         0x0000001E
#define NO_MORE_IRP_STACK_LOCATIONS         0x00000035
#define MULTIPLE_IRP_COMPLETE_REQUESTS      0x00000044
#define PFN_LIST_CORRUPT                    0x0000004E
#define THREAD_NOT_MUTEX_OWNER              0x00000011
#define PHASE1_INITIALIZATION_FAILED        0x00000032
#define MAXIMUM_WAIT_OBJECTS_EXCEEDED       0x0000000C
#define REFERENCE_BY_POINTER                0x00000018
#define PAGE_FAULT_IN_NONPAGED_AREA         0x00000050
#define OBJECT_INITIALIZATION_FAILED        0x0000005E
#define HAL_INITIALIZATION_FAILED           0x0000005C
#define NO_MORE_SYSTEM_PTES                 0x0000003F
#define INSTALL_MORE_MEMORY                 0x0000007D
#define UNEXPECTED_KERNEL_MODE_TRAP         0x0000007F
#define BAD_POOL_CALLER                     0x000000C2
#define DRIVER_VERIFIER_DETECTED_VIOLATION  0x000000C4
#define ATTEMPTED_SWITCH_FROM_DPC           0x000000B8
#define DRIVER_VERIFIER_IOMANAGER_VIOLATION 0x000000C9
#define MANUALLY_INITIATED_CRASH            0x000000E2

struct _KTRAP_FRAME;

VOID __attribute__((noreturn)) KeEnterUserMode(struct _KTRAP_FRAME *Frame);
VOID __attribute__((noreturn)) KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2,
                                            ULONG_PTR P3, ULONG_PTR P4);
VOID __attribute__((noreturn)) KiBugCheckWithFrame(const struct _KTRAP_FRAME *Frame, ULONG Code,
                                                   ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                                   ULONG_PTR P4);
VOID __attribute__((noreturn)) KiBugCheckFromTask(ULONG Code, ULONG_PTR P1, ULONG_PTR P2,
                                                  ULONG_PTR P3, ULONG_PTR P4);
VOID __attribute__((noreturn)) KiBugCheckWithText(ULONG Code, ULONG_PTR P1, ULONG_PTR P2,
                                                  ULONG_PTR P3, ULONG_PTR P4, const char *Text);
const char *KeBugCheckName(ULONG Code);

#define ASSERT(e) \
    ((e) ? (void)0 : KeBugCheckEx(MANUALLY_INITIATED_CRASH, __LINE__, (ULONG_PTR)__FILE__, 0, 0))

/* symbols.c: the table tools/ksyms.sh generates after the first link. */
typedef struct _KSYMBOL {
    ULONG_PTR Address;
    const char *Name;
} KSYMBOL;

extern const ULONG KiSymbolCount;
extern const KSYMBOL KiSymbolTable[];
const char *KiLookupSymbol(const KSYMBOL *Table, ULONG Count, ULONG_PTR TextEnd,
                           ULONG_PTR Address, ULONG_PTR *Offset);

/* clock.c: the real clock, in milliseconds since boot. */
VOID KeUpdateSystemTime(VOID);
ULONG64 KeQueryRealTime(VOID);

/* irql.c: interrupt request levels on one processor. Above DISPATCH_LEVEL
   interrupts are off; at DISPATCH_LEVEL nothing switches threads; at
   APC_LEVEL no kernel APC is delivered. Lowering the level runs what was
   held back: DPCs and a pending dispatch below DISPATCH_LEVEL, kernel APCs
   below APC_LEVEL. */
typedef UCHAR KIRQL, *PKIRQL;
#define PASSIVE_LEVEL   0
#define APC_LEVEL       1
#define DISPATCH_LEVEL  2
#define DEVICE_LEVEL    3       /* every device: interrupts off */
#define CLOCK_LEVEL     28
#define HIGH_LEVEL      31

KIRQL KeGetCurrentIrql(VOID);
VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql);
VOID KeLowerIrql(KIRQL NewIrql);
KIRQL KeRaiseIrqlToDpcLevel(VOID);
KIRQL KiEnterInterrupt(VOID);
VOID KiExitInterrupt(KIRQL OldIrql);

#define ASSERT_IRQL_LESS_OR_EQUAL(l) \
    ((KeGetCurrentIrql() <= (l)) ? (void)0 : \
     KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, KeGetCurrentIrql(), (l), __LINE__, 0))

/* spinlock.c: on one processor a spinlock is a raise to DISPATCH_LEVEL; the
   lock word still records ownership so that a recursive acquire is caught.
   Its rank (lockrank.h) and name are given where it is declared, with
   KSPIN_LOCK_INIT, or where it is made, with KeInitializeSpinLock. */
typedef struct _KSPIN_LOCK {
    volatile ULONG Owned;       /* 1 while held */
    UCHAR Rank;                 /* KLOCK_RANK */
    const char *Name;
} KSPIN_LOCK, *PKSPIN_LOCK;
#define KSPIN_LOCK_INIT(Rank, Name) { 0, (Rank), (Name) }
VOID KeInitializeSpinLock(PKSPIN_LOCK Lock, KLOCK_RANK Rank, const char *Name);
VOID KeAcquireSpinLock(PKSPIN_LOCK Lock, PKIRQL OldIrql);
VOID KeReleaseSpinLock(PKSPIN_LOCK Lock, KIRQL OldIrql);
PKSPIN_LOCK KiTopSpinLock(VOID);

/* lockrank.c: the reports of the lock-order checker. */
VOID __attribute__((noreturn)) KiLockOrderViolation(PVOID Taken, const char *TakenName,
                                                    ULONG TakenRank, PVOID Held,
                                                    const char *HeldName, ULONG HeldRank);
VOID __attribute__((noreturn)) KiLockUnranked(PVOID Lock, const char *Name, ULONG Rank);


/*
 * Dispatcher objects. Every object a thread can wait on starts with a
 * DISPATCHER_HEADER: its type, its signal state and the wait blocks of the
 * threads waiting on it. The dispatcher database - every header, every
 * thread's wait and ready state, the timer list - is protected by running
 * at DISPATCH_LEVEL (KiLockDispatcherDatabase); interrupt routines never
 * touch it, they queue DPCs.
 */
#include "rtl/list.h"
#include "ntteb.h"

typedef enum _KOBJECTS {
    EventNotificationObject = 0,
    EventSynchronizationObject = 1,
    MutantObject = 2,
    ProcessObject = 3,
    SemaphoreObject = 5,
    ThreadObject = 6,
    TimerNotificationObject = 8,
    TimerSynchronizationObject = 9,
} KOBJECTS;

typedef struct _DISPATCHER_HEADER {
    UCHAR Type;
    LONG SignalState;
    ULONG Id;                   /* serial number, for the trace */
    LIST_ENTRY WaitListHead;    /* KWAIT_BLOCK.WaitListEntry */
} DISPATCHER_HEADER;

typedef enum _KPROCESSOR_MODE { KernelMode, UserMode } KPROCESSOR_MODE;
typedef enum _KWAIT_REASON { Executive, DelayExecution, WrQueue, WrLpcReceive, WrLpcReply } KWAIT_REASON;

struct _KTHREAD;

typedef struct _KWAIT_BLOCK {
    LIST_ENTRY WaitListEntry;   /* in the object's WaitListHead */
    struct _KTHREAD *Thread;
    DISPATCHER_HEADER *Object;
    USHORT WaitKey;             /* index: STATUS_WAIT_0 + WaitKey */
    UCHAR WaitType;
} KWAIT_BLOCK, *PKWAIT_BLOCK;

#define THREAD_WAIT_OBJECTS     4       /* built-in wait blocks per thread */
#define MAXIMUM_WAIT_OBJECTS    64

typedef struct _KDPC *PKDPC;
typedef VOID (*PKDEFERRED_ROUTINE)(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2);

typedef struct _KDPC {
    LIST_ENTRY DpcListEntry;
    PKDEFERRED_ROUTINE DeferredRoutine;
    PVOID DeferredContext;
    PVOID SystemArgument1, SystemArgument2;
    BOOLEAN Inserted;
    BOOLEAN Untraced;           /* irplab's: runs when hardware says, so it stays
                                   out of the trace (KeSetUntracedDpc) */
    ULONG Id;
} KDPC;

/* Times are in 100 ns units, as NT's; a negative due time is relative. */
typedef LONG64 LARGE_INTEGER_T;

typedef struct _KTIMER {
    DISPATCHER_HEADER Header;
    ULONG64 DueTime;            /* absolute kernel time */
    LIST_ENTRY TimerListEntry;  /* in KiTimerList, sorted by DueTime */
    PKDPC Dpc;
    BOOLEAN Inserted;
} KTIMER, *PKTIMER;

typedef struct _KEVENT { DISPATCHER_HEADER Header; } KEVENT, *PKEVENT;
typedef struct _KSEMAPHORE { DISPATCHER_HEADER Header; LONG Limit; } KSEMAPHORE, *PKSEMAPHORE;

typedef struct _KMUTANT {
    DISPATCHER_HEADER Header;   /* SignalState 1 free, <= 0 owned (recursion) */
    LIST_ENTRY MutantListEntry; /* in the owner's MutantListHead */
    struct _KTHREAD *OwnerThread;
    BOOLEAN Abandoned;
    UCHAR ApcDisable;           /* 1: a kernel mutex (owning it is a critical region) */
    UCHAR Rank;                 /* KLOCK_RANK; LockRankNone for a native-API mutant */
    const char *Name;
} KMUTANT, KMUTEX, *PKMUTANT, *PKMUTEX;

struct _KAPC;
typedef VOID (*PKNORMAL_ROUTINE)(PVOID NormalContext, PVOID Arg1, PVOID Arg2);
typedef VOID (*PKKERNEL_ROUTINE)(struct _KAPC *Apc, PKNORMAL_ROUTINE *NormalRoutine,
                                 PVOID *NormalContext, PVOID *Arg1, PVOID *Arg2);
typedef VOID (*PKRUNDOWN_ROUTINE)(struct _KAPC *Apc);

/* A kernel APC: KernelRoutine runs at APC_LEVEL; a normal APC (NormalRoutine
   set) then runs NormalRoutine at PASSIVE_LEVEL. A special APC has none. */
typedef struct _KAPC {
    struct _KTHREAD *Thread;
    LIST_ENTRY ApcListEntry;
    PKKERNEL_ROUTINE KernelRoutine;
    PKRUNDOWN_ROUTINE RundownRoutine;
    PKNORMAL_ROUTINE NormalRoutine;
    PVOID NormalContext;
    PVOID SystemArgument1, SystemArgument2;
    UCHAR ApcMode;              /* KernelMode, or UserMode: run on the way to ring 3 */
    BOOLEAN Inserted;
} KAPC, *PKAPC;

typedef enum _KTHREAD_STATE {
    Initialized, Ready, Running, Standby, Terminated, Waiting
} KTHREAD_STATE;

typedef VOID (*PKSTART_ROUTINE)(PVOID Context);

/*
 * A process as the kernel proper sees it: something to wait on and an
 * address space. Ps embeds it at the start of its EPROCESS.
 */
typedef struct _KPROCESS {
    DISPATCHER_HEADER Header;           /* signalled when the process has ended */
    ULONG DirectoryTableBase;           /* its page directory (physical): CR3 */
} KPROCESS, *PKPROCESS;

/*
 * A thread. The dispatcher database (DISPATCH_LEVEL) guards State,
 * WaitListEntry/ready links, WaitBlockList, WaitStatus, Timer and the PCT
 * fields; ApcListHead, KernelApcPending and the disable counts are touched
 * only at APC_LEVEL or above by the thread itself or by KeInsertQueueApc at
 * DISPATCH_LEVEL. The storage is the creator's (Ps embeds a KTHREAD at the
 * start of its ETHREAD); Ke owns the kernel stack.
 */
typedef struct _KTHREAD {
    DISPATCHER_HEADER Header;           /* signalled when the thread ends */
    ULONG KernelStack;                  /* saved ESP while not running */
    ULONG StackBase, StackLimit;        /* [StackLimit, StackBase); guard page below */
    ULONG StackSlot;                    /* in the stack region; ~0 for the boot stack */
    UCHAR State;                        /* KTHREAD_STATE */
    CHAR Priority;                      /* NT priority 0..31 (rr) */
    BOOLEAN Controlled;                 /* decided by PCT under sched=pct */
    ULONG PctPriority;                  /* PCT's priority: higher runs first */
    ULONG Moments;                      /* its scheduler choices this schedule (pct.h) */
    ULONG Quantum;                      /* clock ticks left (rr) */
    LIST_ENTRY WaitListEntry;           /* ready queue or reaper list */
    LIST_ENTRY ThreadListEntry;         /* KiThreadListHead: every thread */
    PKWAIT_BLOCK WaitBlockList;         /* WaitBlock or the caller's array */
    ULONG WaitCount;                    /* blocks linked from WaitBlockList */
    BOOLEAN WaitHasTimeout;             /* TimerWaitBlock linked, Timer set */
    KWAIT_BLOCK WaitBlock[THREAD_WAIT_OBJECTS];
    KWAIT_BLOCK TimerWaitBlock;
    NTSTATUS WaitStatus;
    KIRQL WaitIrql;
    KTIMER Timer;                       /* time-outs and delays */
    LIST_ENTRY MutantListHead;          /* mutexes this thread owns */
    LIST_ENTRY ApcListHead;             /* kernel APCs: special first, then normal */
    BOOLEAN KernelApcPending;
    BOOLEAN KernelApcInProgress;
    BOOLEAN ApcQueueable;               /* cleared when the thread runs down */
    SHORT KernelApcDisable;             /* 0 enabled; negative in a critical region */
    ULONG ProcessId;                    /* serial, for the trace (0: the system) */
    PKPROCESS Process;                  /* the process it belongs to */
    PKPROCESS ApcStateProcess;          /* the address space it runs in */
    UCHAR PreviousMode;                 /* KPROCESSOR_MODE of the system call being served */
    ULONG64 LastPointRealTime;          /* the watchdog's view of this thread */
    PKSTART_ROUTINE StartRoutine;
    PVOID StartContext;
    PVOID Reent;                        /* newlib's struct _reent for this thread */
    char Name[16];
    PVOID Teb;                          /* its TEB in user memory; NULL: a system thread */
    struct _KTRAP_FRAME *TrapFrame;     /* the ring-3 state at the top of its stack */
    UCHAR WaitMode;                     /* KPROCESSOR_MODE of the current wait */
    BOOLEAN UserApcPending;             /* a user-mode APC waits for the return to ring 3 */
    LIST_ENTRY UserApcListHead;         /* user-mode APCs (the exit APC) */
} KTHREAD, *PKTHREAD;

#define THREAD_STACK_SIZE   (16 * 1024)
#define LOW_REALTIME_PRIORITY 16
#define NORMAL_PRIORITY     8

/* thread.c. A thread ends with KeTerminateThread; the next thread to run
   frees its stack and then calls the reaper routine Ps registered, which
   drops the running thread's reference on the storage. */
typedef VOID (*PKTHREAD_REAPER)(PKTHREAD Thread);
VOID KiInitializeThreads(VOID);
VOID KeInitializeProcess(PKPROCESS Process, ULONG DirectoryTableBase);
NTSTATUS KeInitializeThread(PKTHREAD Thread, PKPROCESS Process, ULONG ProcessId,
                            const char *Name, CHAR Priority, PKSTART_ROUTINE StartRoutine,
                            PVOID Context, PVOID Reent);
VOID KeStartThread(PKTHREAD Thread);
VOID KeForEachThread(VOID (*Callback)(PKTHREAD Thread, PVOID Context), PVOID Context);
VOID KeSetThreadReaper(PKTHREAD_REAPER Reaper);
VOID __attribute__((noreturn)) KeTerminateThread(VOID);
PKTHREAD KeGetCurrentThread(VOID);
KPROCESSOR_MODE KeGetPreviousMode(VOID);
VOID KiReapTerminatedThreads(VOID);
ULONG KeThreadCount(VOID);

/* sched.c */
VOID KiInitializeScheduler(VOID);
VOID KiReadyThread(PKTHREAD Thread);
VOID KiSwapThread(VOID);
VOID KiDispatchInterrupt(VOID);
VOID KiClockTick(VOID);
VOID KeSchedulePoint(VOID);
VOID KiSchedulePoint(ULONG Reason);
VOID KiAfterSwitch(VOID);
VOID KiStartScheduler(VOID);
VOID KiPctAssignPriority(PKTHREAD Thread);
VOID KePctBeginSchedule(ULONG Seed, ULONG Depth, ULONG Steps);
struct _KDECISIONS;
VOID KeBeginSchedule(ULONG Seed, ULONG Depth, ULONG Steps, const struct _KDECISIONS *Follow);
const struct _KDECISIONS *KeBootDecisions(VOID);
VOID KeQueryScheduleDecisions(struct _KDECISIONS *Out);
VOID KeQueryScheduleFrontier(struct _KDECISIONS *Out);
ULONG KeQueryPreemptionCount(VOID);
ULONG KePctSteps(VOID);
/* A PCT change point as it happened: the running thread dropped below the
   rest at schedule point Step, and Next ran instead (Next.Id 0: it went on). */
typedef struct _KPCT_THREAD_REF {
    ULONG Id;                           /* the trace's serial id */
    ULONG ProcessId;                    /* EPROCESS.UniqueProcessId (0: System) */
    ULONG UserEip;                      /* where its ring-3 side stands; 0: none */
    char Name[16];
} KPCT_THREAD_REF;
typedef struct _KPCT_PREEMPTION {
    ULONG Step;
    ULONG Reason;                       /* POINT_* */
    KPCT_THREAD_REF Thread, Next;
} KPCT_PREEMPTION;
#define PCT_MAX_LOG 64
ULONG KePctPreemptions(KPCT_PREEMPTION *Out, ULONG Count);
ULONG KeScheduleChoice(ULONG Count);
ULONG KeWatchdogReports(VOID);
VOID __attribute__((noreturn)) KiIdleLoop(PVOID Context);
KIRQL KiLockDispatcherDatabase(VOID);
VOID KiUnlockDispatcherDatabase(KIRQL OldIrql);
extern volatile BOOLEAN KiDispatchPending;

/* A source of external events (frames) competing with threads under PCT:
   when PCT picks it, Deliver runs at DISPATCH_LEVEL. Under rr the owner
   delivers at once. */
typedef struct _KSCHED_SOURCE {
    LIST_ENTRY SourceListEntry;
    BOOLEAN (*Ready)(struct _KSCHED_SOURCE *Source);
    VOID (*Deliver)(struct _KSCHED_SOURCE *Source);
    ULONG PctPriority;
    ULONG Id;
    const char *Name;
} KSCHED_SOURCE, *PKSCHED_SOURCE;

VOID KeRegisterScheduleSource(PKSCHED_SOURCE Source, const char *Name);
VOID KeUnregisterScheduleSource(PKSCHED_SOURCE Source);

/* Schedule point reasons, for the trace. */
#define POINT_EXPLICIT  0
#define POINT_WAIT      1
#define POINT_SIGNAL    2
#define POINT_RELEASE   3
#define POINT_IO        4
#define POINT_LPC       5
#define POINT_NET       6

/* time.c: kernel time (100 ns units): the real clock under rr, virtual
   under pct. The network forbids virtual jumps while a frame is expected. */
#define KTIME_PER_MS        10000ull
#define KTIME_POINT_STEP    10      /* virtual time per schedule point: 1 us */
ULONG64 KeQueryKernelTime(VOID);
VOID KiAdvanceVirtualTime(ULONG64 Delta);
BOOLEAN KiVirtualTimeCanJump(VOID);
VOID KeBlockTimeJump(VOID);
VOID KeUnblockTimeJump(VOID);
VOID KiResetKernelTime(VOID);
VOID KeSetVirtualTime(ULONG64 Time);
VOID KiShiftTimers(ULONG64 Delta);

/* wait.c */
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON Reason, KPROCESSOR_MODE Mode,
                               BOOLEAN Alertable, const LONG64 *Timeout);
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Objects[], WAIT_TYPE WaitType,
                                  KWAIT_REASON Reason, KPROCESSOR_MODE Mode,
                                  BOOLEAN Alertable, const LONG64 *Timeout,
                                  PKWAIT_BLOCK WaitBlockArray);
NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE Mode, BOOLEAN Alertable, const LONG64 *Interval);
VOID KiWaitTest(DISPATCHER_HEADER *Object);
VOID KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus);
VOID KiInitializeDispatcherHeader(DISPATCHER_HEADER *Header, UCHAR Type, LONG State);

/* event.c: events, mutexes and semaphores */
VOID KeInitializeEvent(PKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
LONG KeSetEvent(PKEVENT Event, LONG Increment, BOOLEAN Wait);
LONG KeResetEvent(PKEVENT Event);
VOID KeClearEvent(PKEVENT Event);
LONG KeReadStateEvent(PKEVENT Event);
VOID KeInitializeMutex(PKMUTEX Mutex, KLOCK_RANK Level, const char *Name);
VOID KeInitializeMutant(PKMUTANT Mutant);
VOID KiLockOrderCheckMutex(PKTHREAD Thread, PKMUTANT Mutex);   /* lockrank.c */
LONG KeReleaseMutex(PKMUTEX Mutex, BOOLEAN Wait);
VOID KiAbandonMutants(PKTHREAD Thread);
VOID KeAbandonMutant(PKMUTANT Mutant);
VOID KeInitializeSemaphore(PKSEMAPHORE Semaphore, LONG Count, LONG Limit);
LONG KeReleaseSemaphore(PKSEMAPHORE Semaphore, LONG Increment, LONG Adjustment, BOOLEAN Wait);

/* timer.c */
VOID KeInitializeTimer(PKTIMER Timer);
VOID KeInitializeTimerEx(PKTIMER Timer, UCHAR Type);
BOOLEAN KeSetTimer(PKTIMER Timer, LONG64 DueTime, PKDPC Dpc);
BOOLEAN KeCancelTimer(PKTIMER Timer);
BOOLEAN KeReadStateTimer(PKTIMER Timer);
BOOLEAN KiInsertTimer(PKTIMER Timer, LONG64 DueTime);
VOID KiRemoveTimer(PKTIMER Timer);
VOID KiExpireTimers(ULONG64 Now);
BOOLEAN KiNextTimerDue(ULONG64 *DueTime);
VOID KiCheckTimersFromClock(ULONG64 Now);

/* dpc.c */
VOID KeInitializeDpc(PKDPC Dpc, PKDEFERRED_ROUTINE Routine, PVOID Context);
BOOLEAN KeInsertQueueDpc(PKDPC Dpc, PVOID Arg1, PVOID Arg2);
BOOLEAN KeRemoveQueueDpc(PKDPC Dpc);
VOID KeSetUntracedDpc(PKDPC Dpc);
VOID KiRetireDpcList(VOID);
extern volatile BOOLEAN KiDpcPending;

/* apc.c */
VOID KeInitializeApc(PKAPC Apc, PKTHREAD Thread, PKKERNEL_ROUTINE KernelRoutine,
                     PKRUNDOWN_ROUTINE RundownRoutine, PKNORMAL_ROUTINE NormalRoutine,
                     KPROCESSOR_MODE ApcMode, PVOID NormalContext);
BOOLEAN KeInsertQueueApc(PKAPC Apc, PVOID Arg1, PVOID Arg2, LONG Increment);
VOID KiDeliverApc(VOID);
VOID KiDeliverUserApc(VOID);
BOOLEAN KiApcDeliverable(PKTHREAD Thread, KIRQL Irql);
VOID KeEnterCriticalRegion(VOID);
VOID KeLeaveCriticalRegion(VOID);
VOID KiRundownApcs(PKTHREAD Thread);

ULONG KiNextObjectId(VOID);
ULONG KeQueryObjectIds(VOID);
VOID KeSetObjectIds(ULONG Last);

/* bootargs.c: the multiboot command line, checked and applied once. */
typedef enum { CONSOLE_INTERACTIVE, CONSOLE_BATCH } KCONSOLE_MODE;
/* sched=replay is pct's controlled scheduling deciding from a list:
   Sched is SCHED_POLICY_PCT and Replay is set. */
typedef enum { SCHED_POLICY_RR, SCHED_POLICY_PCT } KSCHED_POLICY;
typedef enum { BASESRV_RTM, BASESRV_SP } KBASESRV_VARIANT;
/* nwrctx=: NWRDR's user contexts, one per process (NT 3.51's NWRDR) or one
   per logon session (as RDR keeps them): the variable Q150047 names. */
typedef enum { NWRCTX_PROCESS, NWRCTX_LOGON } KNWR_CONTEXT_POLICY;
typedef enum { SCENARIO_NONE, SCENARIO_Q150047 } KSCENARIO;
typedef enum { LOCKCHECK_ON, LOCKCHECK_OFF } KLOCK_CHECK;
/* ipxframe=: the framing IPX sends in, in the order of the codec's
   IPX_FRAME_TYPE (drivers/ipx/ipxwire.h), or auto (learnt from SAP). */
typedef enum {
    IPXFRAME_ETHERNET_II, IPXFRAME_802_3, IPXFRAME_802_2, IPXFRAME_SNAP, IPXFRAME_AUTO
} KIPX_FRAME_SETTING;

typedef struct _KBOOT_ARGS {
    char Test[32];
    ULONG Console;          /* KCONSOLE_MODE */
    ULONG Sched;            /* KSCHED_POLICY */
    ULONG BaseSrv;          /* KBASESRV_VARIANT */
    ULONG NwrContext;       /* KNWR_CONTEXT_POLICY */
    ULONG Scenario;         /* KSCENARIO */
    ULONG Schedules;        /* the scenario's, in one boot (0: its default) */
    ULONG RrCapSeconds;     /* rrcap=: sched=rr's exploration gives up after (0: 60) */
    char NcpKey[17];        /* ncpserv's control key, 16 hex digits, or "" */
    char SmbKey[17];        /* smbserv's, the same way */
    ULONG IpxFrame;         /* KIPX_FRAME_SETTING */
    ULONG Seed, Depth, Steps;
    BOOLEAN Replay;         /* sched=replay */
    ULONG Shrink;           /* shrink=on: the scenario shrinks seed='s schedule */
    ULONG ShrinkReplays;    /* shrinkreplays=: its budget (0: the default) */
    char Decisions[480];    /* decisions=: thread.moment:choice,... (pct.h) */
    ULONG Trace;            /* 0 hash only, 1 full */
    ULONG FailPool;         /* the allocation the low-resource simulation fails; 0 none */
    ULONG LockCheck;        /* KLOCK_CHECK */
    ULONG Rejected;         /* words that were reported and ignored */
} KBOOT_ARGS;

extern KBOOT_ARGS KeBootArgs;

/* init.c: the images the boot loader brought (multiboot modules), by the
   last component of the module's path; their pages are never handed out. */
#define KE_MAX_BOOT_IMAGES  16
typedef struct _KBOOT_IMAGE {
    ULONG Base, Size;       /* physical = virtual (identity-mapped) */
    CHAR Name[32];
} KBOOT_IMAGE;
extern KBOOT_IMAGE KeBootImages[KE_MAX_BOOT_IMAGES];
extern ULONG KeBootImageCount;
VOID KiParseBootArgs(const char *CommandLine);

#endif
