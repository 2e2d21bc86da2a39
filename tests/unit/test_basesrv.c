/*
 * test_basesrv.c - basesrv's DefineDosDevice one call at a time, over the
 * in-memory object manager of tests/model: the push-down target list,
 * flags, drive letters and other names, the drive table in both variants,
 * the sp owner rules, a lingering link, and the drive audit's verdicts.
 *
 * Every test of the semantics both variants share runs once per variant.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "tests/model/model.h"

#define RAW DDD_RAW_TARGET_PATH
#define REMOVE (DDD_REMOVE_DEFINITION | DDD_RAW_TARGET_PATH)
#define EXACT (DDD_REMOVE_DEFINITION | DDD_RAW_TARGET_PATH | DDD_EXACT_MATCH_ON_REMOVE)
#define X ('X' - 'A')
#define Y ('Y' - 'A')

static NTSTATUS Define(ULONG Flags, PCSTR Name, PCSTR Target)
{
    return BaseSrvDefineDosDevice(ModelServer(), Flags, Name, Target);
}


static void Reset(BASESRV_VARIANT Variant)
{
    ModelReset(Variant, FALSE);
    ModelSetSerialProcess(ModelMmtaA);
}

static void test_push_down_three(void **state)
{
    for (ULONG V = 0; V < 2; V++) {
        Reset((BASESRV_VARIANT)V);
        assert_int_equal(Define(RAW, "X:", "\\Device\\T1"), STATUS_SUCCESS);
        assert_int_equal(Define(RAW, "X:", "\\Device\\T2"), STATUS_SUCCESS);
        assert_int_equal(Define(RAW, "X:", "\\Device\\T3"), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\T3|\\Device\\T2|\\Device\\T1");
        assert_int_equal(ModelDriveEntry(X)->State, BaseSrvDriveInUse);
        assert_int_equal(ModelDriveEntry(X)->References, 3);
        /* the middle, then the oldest, then the newest */
        assert_int_equal(Define(EXACT, "X:", "\\Device\\T2"), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\T3|\\Device\\T1");
        assert_int_equal(Define(EXACT, "X:", "\\device\\t1"), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\T3");
        assert_int_equal(ModelDriveEntry(X)->References, 1);
        assert_int_equal(Define(REMOVE, "X:", NULL), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "");
        assert_int_equal(ModelDriveEntry(X)->State, BaseSrvDriveFree);
        assert_int_equal(ModelLinkObjects(), 0);
    }
}

static void test_remove_newest_and_prefix(void **state)
{
    for (ULONG V = 0; V < 2; V++) {
        Reset((BASESRV_VARIANT)V);
        Define(RAW, "X:", "\\Device\\Floppy0\\DirA");
        Define(RAW, "X:", "\\Device\\Floppy1");
        Define(RAW, "X:", "\\Device\\Floppy2");
        /* no target: the newest goes */
        assert_int_equal(Define(REMOVE, "X:", ""), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\Floppy1|\\Device\\Floppy0\\DirA");
        /* a prefix matches without EXACT, and not with it */
        assert_int_equal(Define(EXACT, "X:", "\\Device\\Floppy0"), STATUS_OBJECT_NAME_NOT_FOUND);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\Floppy1|\\Device\\Floppy0\\DirA");
        assert_int_equal(Define(REMOVE, "X:", "\\Device\\Floppy0"), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\Floppy1");
    }
}

static void test_remove_missing(void **state)
{
    for (ULONG V = 0; V < 2; V++) {
        Reset((BASESRV_VARIANT)V);
        assert_int_equal(Define(EXACT, "X:", "\\Device\\T1"), STATUS_OBJECT_NAME_NOT_FOUND);
        assert_int_equal(Define(REMOVE, "X:", NULL), STATUS_SUCCESS);    /* nothing to pop */
        Define(RAW, "X:", "\\Device\\T1");
        assert_int_equal(Define(EXACT, "X:", "\\Device\\T9"), STATUS_OBJECT_NAME_NOT_FOUND);
        assert_int_equal(Define(REMOVE, "X:", "\\Device\\T9"), STATUS_OBJECT_NAME_NOT_FOUND);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\T1");
        assert_int_equal(ModelDriveEntry(X)->State, BaseSrvDriveInUse);
        assert_int_equal(ModelDriveEntry(X)->References, 1);
    }
}

static void test_flags(void **state)
{
    for (ULONG V = 0; V < 2; V++) {
        Reset((BASESRV_VARIANT)V);
        assert_int_equal(Define(0x10, "X:", "\\Device\\T1"), STATUS_INVALID_PARAMETER);
        assert_int_equal(Define(RAW | 0x80000000u, "X:", "\\Device\\T1"), STATUS_INVALID_PARAMETER);
        assert_int_equal(Define(RAW | DDD_EXACT_MATCH_ON_REMOVE, "X:", "\\Device\\T1"),
                         STATUS_INVALID_PARAMETER);
        assert_int_equal(Define(RAW, "X:", NULL), STATUS_INVALID_PARAMETER);
        assert_int_equal(Define(RAW, "X:", ""), STATUS_INVALID_PARAMETER);
        assert_int_equal(Define(RAW, "", "\\Device\\T1"), STATUS_OBJECT_NAME_INVALID);
        assert_int_equal(ModelLinkObjects(), 0);
        assert_int_equal(Define(RAW | DDD_NO_BROADCAST_SYSTEM, "X:", "\\Device\\T1"), STATUS_SUCCESS);
        /* a target that is not raw is a DOS path */
        assert_int_equal(Define(0, "Q:", "C:\\DOS"), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\Q:"), "\\DosDevices\\C:\\DOS");
        assert_int_equal(Define(DDD_REMOVE_DEFINITION | DDD_EXACT_MATCH_ON_REMOVE, "Q:", "C:\\DOS"),
                         STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\Q:"), "");
    }
}

/* Lowercase letters are the same drive; other names leave the map alone. */
static void test_letters_and_other_names(void **state)
{
    PBASESRV_ENV Env = ModelBaseSrvEnv();

    for (ULONG V = 0; V < 2; V++) {
        Reset((BASESRV_VARIANT)V);
        assert_int_equal(Define(RAW, "x:", "\\Device\\T1"), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\T1");
        assert_int_equal(Env->QueryDriveMap(Env->Context), 1u << X);
        assert_int_equal(Define(RAW, "LPT1", "\\Device\\Parallel0"), STATUS_SUCCESS);
        assert_int_equal(Define(RAW, "XY:", "\\Device\\T2"), STATUS_SUCCESS);
        assert_int_equal(Define(RAW, "1:", "\\Device\\T3"), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\LPT1"), "\\Device\\Parallel0");
        assert_int_equal(Env->QueryDriveMap(Env->Context), 1u << X);
        for (ULONG D = 0; D < BASESRV_DRIVES; D++)
            assert_int_equal(ModelDriveEntry(D)->State, D == X ? BaseSrvDriveInUse : BaseSrvDriveFree);
        assert_int_equal(Define(EXACT, "x:", "\\Device\\T1"), STATUS_SUCCESS);
        assert_int_equal(Env->QueryDriveMap(Env->Context), 0);
        assert_int_equal(Define(REMOVE, "lpt1", NULL), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\LPT1"), "");
    }
}

/* Neither variant has an owner rule: whether a letter is free is the
   client's business, and a define pushes whatever it is given, as
   Windows' DefineDosDevice does. Only the lock's scope differs. */
static void test_no_owner_rule(void **state)
{
    for (ULONG V = 0; V < 2; V++) {
        Reset((BASESRV_VARIANT)V);
        Define(RAW, "X:", "\\Device\\T1");
        assert_int_equal(ModelDriveEntry(X)->OwnerProcessId, ModelProcessId(ModelMmtaA));
        assert_int_equal(ModelDriveEntry(X)->OwnerLogonId, 0x3e7);
        ModelSetSerialProcess(ModelMmtaB);
        assert_int_equal(Define(RAW, "X:", "\\Device\\T2"), STATUS_SUCCESS);
        assert_int_equal(ModelDriveEntry(X)->OwnerProcessId, ModelProcessId(ModelMmtaB));
        assert_int_equal(ModelDriveEntry(X)->References, 2);
        assert_int_equal(Define(EXACT, "X:", "\\Device\\T1"), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\T2");
        assert_int_equal(Define(EXACT, "X:", "\\Device\\T2"), STATUS_SUCCESS);
        assert_int_equal(ModelDriveEntry(X)->State, BaseSrvDriveFree);
    }
}

/* The drive type basesrv learns between check and set: a local device is
   fixed; a redirector target opened through the caller's own connection
   is remote; one the caller cannot open is unknown - and the define still
   succeeds, as Windows accepts any target. */
static void test_drive_type(void **state)
{
    for (ULONG V = 0; V < 2; V++) {
        Reset((BASESRV_VARIANT)V);
        assert_int_equal(Define(RAW, "X:", "\\Device\\T1"), STATUS_SUCCESS);
        assert_int_equal(ModelDriveEntry(X)->DriveType, DRIVE_FIXED);
        assert_int_equal(Define(RAW, "X:", "\\Device\\NwRdr\\;X:\\NW1\\SYS"), STATUS_SUCCESS);
        assert_int_equal(ModelDriveEntry(X)->DriveType, DRIVE_UNKNOWN);   /* no connection */
        assert_int_equal(Define(EXACT, "X:", "\\Device\\NwRdr\\;X:\\NW1\\SYS"), STATUS_SUCCESS);
        assert_int_equal(ModelDriveEntry(X)->DriveType, DRIVE_FIXED);     /* T1 is the top again */
        assert_int_equal(NwpAddConnection(ModelNwpEnv(), "Y:", "\\\\NW1\\SYS", NULL, NULL), 0);
        assert_int_equal(ModelDriveEntry(Y)->DriveType, DRIVE_REMOTE);
    }
}

/* A letter made before CSRSS (C:) is the system's; a define pushes on it. */
static void test_boot_letter(void **state)
{
    BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES];

    for (ULONG V = 0; V < 2; V++) {
        Reset((BASESRV_VARIANT)V);
        assert_int_equal(ModelCreateRawLink("\\DosDevices\\C:", "\\Device\\Harddisk0\\Partition1"),
                         STATUS_SUCCESS);
        assert_int_equal(BaseSrvInitialize(ModelServer(), (BASESRV_VARIANT)V, ModelBaseSrvEnv()),
                         STATUS_SUCCESS);
        assert_int_equal(ModelDriveEntry(2)->State, BaseSrvDriveInUse);
        assert_int_equal(ModelDriveEntry(2)->OwnerProcessId, 0);
        assert_int_equal(ModelDriveEntry(2)->DriveType, DRIVE_FIXED);
        assert_int_equal(BaseSrvAuditDrives(ModelServer(), Audit), 0);
        assert_int_equal(Audit[2].Backing, BaseSrvBackingLocal);
        assert_int_equal(Define(RAW, "C:", "\\Device\\T1"), STATUS_SUCCESS);
    }
}

/* A link CIM holds open lingers after its last definition is removed. */
static void test_lingering_link(void **state)
{
    ULONG Handle;

    for (ULONG V = 0; V < 2; V++) {
        Reset((BASESRV_VARIANT)V);
        Define(RAW, "X:", "\\Device\\T1");
        ModelSetSerialProcess(ModelCim);
        assert_int_equal(ModelOpenLink("\\DosDevices\\X:", &Handle), STATUS_SUCCESS);
        ModelSetSerialProcess(ModelMmtaA);
        assert_int_equal(Define(EXACT, "X:", "\\Device\\T1"), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\T1");    /* still there */
        assert_int_equal(ModelDriveEntry(X)->State, BaseSrvDriveFree);
        /* sp: a lingering link is not free; rtm pushes onto it and fails to create */
        assert_int_equal(Define(RAW, "X:", "\\Device\\T2"), STATUS_OBJECT_NAME_COLLISION);
        assert_int_equal(ModelCloseHandle(Handle), STATUS_SUCCESS);
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "");
        assert_int_equal(ModelLinkObjects(), 0);
        assert_int_equal(Define(RAW, "X:", "\\Device\\T2"), STATUS_SUCCESS);
    }
}

/* The audit's two verdicts, made by hand. */
static void test_audit_verdicts(void **state)
{
    BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES];
    PNWP_ENV Nwp = ModelNwpEnv();
    char Target[NWP_MAX_TARGET];

    Reset(BaseSrvSp);
    assert_int_equal(ModelRunOp(ModelUseA), 0);
    assert_int_equal(BaseSrvAuditDrives(ModelServer(), Audit), 0);
    assert_int_equal(Audit[X].Backing, BaseSrvBackingLive);
    assert_int_equal(Audit[X].BackingProcessId, ModelProcessId(ModelMmtaA));
    assert_true(Audit[X].DriveMapBit && Audit[X].LinkExists);
    assert_int_equal(Audit[X].TargetCount, 1);

    ModelDriveEntry(X)->State = BaseSrvDriveFree;                     /* the table forgets */
    assert_int_equal(BaseSrvAuditDrives(ModelServer(), Audit), 1);
    assert_int_equal(Audit[X].Orphan, BASESRV_ORPHAN_TABLE);
    ModelDriveEntry(X)->State = BaseSrvDriveInUse;
    ModelDriveEntry(X)->OwnerProcessId = ModelProcessId(ModelMmtaB);  /* the wrong owner */
    assert_int_equal(BaseSrvAuditDrives(ModelServer(), Audit), 1);
    ModelDriveEntry(X)->OwnerProcessId = ModelProcessId(ModelMmtaA);

    /* the connection goes, the link stays: the KB's orphan */
    assert_int_equal(Nwp->DeleteConnection(Nwp->Context, "X:", Target, sizeof(Target)), 0);
    assert_int_equal(BaseSrvAuditDrives(ModelServer(), Audit), 1);
    assert_int_equal(Audit[X].Backing, BaseSrvBackingDead);
    assert_int_equal(Audit[X].Orphan, BASESRV_ORPHAN_DEAD_TOP);
}

static void test_target_list(void **state)
{
    BASESRV_TARGET_LIST List = { 0 };
    char Long[BASESRV_MAX_PATH + 1];

    assert_int_equal(BaseSrvpListCount(&List), 0);
    assert_false(BaseSrvpListRemove(&List, NULL, FALSE));
    assert_int_equal(BaseSrvpListPush(&List, "a"), STATUS_SUCCESS);
    assert_int_equal(BaseSrvpListPush(&List, "bb"), STATUS_SUCCESS);
    assert_int_equal(List.Length, 5);
    assert_memory_equal(List.Buffer, "bb\0a\0", 5);
    assert_int_equal(BaseSrvpListPush(&List, ""), STATUS_INVALID_PARAMETER);
    memset(Long, 'z', sizeof(Long) - 1);
    Long[sizeof(Long) - 1] = '\0';
    assert_int_equal(BaseSrvpListPush(&List, Long), STATUS_INVALID_PARAMETER);
    assert_true(BaseSrvpListRemove(&List, "A", TRUE));
    assert_memory_equal(List.Buffer, "bb\0", 3);
    assert_int_equal(BaseSrvpDriveIndex("z:"), 25);
    assert_int_equal(BaseSrvpDriveIndex("Z"), -1);
    assert_int_equal(BaseSrvpDriveIndex("[:"), -1);
}

static void test_variant_names(void **state)
{
    BASESRV_VARIANT V;

    assert_int_equal(BaseSrvParseVariant("sp", &V), STATUS_SUCCESS);
    assert_int_equal(V, BaseSrvSp);
    assert_int_equal(BaseSrvParseVariant("rtm", &V), STATUS_SUCCESS);
    assert_int_equal(V, BaseSrvRtm);
    assert_int_equal(BaseSrvParseVariant("nt4", &V), STATUS_INVALID_PARAMETER);
    assert_string_equal(BaseSrvVariantName(BaseSrvSp), "sp");
    assert_string_equal(BaseSrvDriveStateName(BaseSrvDriveDisconnecting), "disconnecting");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_down_three),
        cmocka_unit_test(test_remove_newest_and_prefix),
        cmocka_unit_test(test_remove_missing),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_letters_and_other_names),
        cmocka_unit_test(test_no_owner_rule),
        cmocka_unit_test(test_drive_type),
        cmocka_unit_test(test_boot_letter),
        cmocka_unit_test(test_lingering_link),
        cmocka_unit_test(test_audit_verdicts),
        cmocka_unit_test(test_target_list),
        cmocka_unit_test(test_variant_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
