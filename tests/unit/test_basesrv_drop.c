/*
 * test_basesrv_drop.c - basesrv's drop of a device's definitions
 * (user/csrss/basesrv/drop.c, Client Services for NetWare's stop) over the
 * in-memory object manager and NWRDR of tests/model, in both variants:
 * letters holding only the redirector's definitions go; a letter with
 * several definitions, some the redirector's, keeps the others in their
 * order; letters of other devices are untouched; a live connection's
 * letter, a dead one's (the KB's orphan) and a prefix that only looks like
 * the device; the drive table agrees with the links after (the audit); a
 * caller outside the SYSTEM logon session changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "tests/model/model.h"

#define RAW DDD_RAW_TARGET_PATH
#define NWRDR "\\Device\\NwRdr"
#define MAIL NWRDR "\\;X:\\NW1\\MAIL"
#define SYS NWRDR "\\;X:\\NW1\\SYS"
#define C_ ('C' - 'A')
#define P ('P' - 'A')
#define X ('X' - 'A')
#define Y ('Y' - 'A')
#define Z ('Z' - 'A')

static NTSTATUS Define(PCSTR Name, PCSTR Target)
{
    return BaseSrvDefineDosDevice(ModelServer(), RAW, Name, Target);
}


static NTSTATUS Drop(PCSTR Device, PULONG Letters, PULONG Definitions)
{
    return BaseSrvDropDevice(ModelServer(), Device, Letters, Definitions);
}

/*
 * C: a boot letter; P: a local device only; X: (oldest first) A's live
 * connection MAIL, a local device, then SYS pushed by hand with no
 * connection; Y: only a dead redirector target (the orphan made by hand);
 * Z: a device whose name only begins like the redirector's.
 */
static void World(BASESRV_VARIANT Variant)
{
    ModelReset(Variant, FALSE);
    ModelSetSerialProcess(ModelMmtaA);
    ModelCreateRawLink("\\DosDevices\\C:", "\\Device\\Harddisk0\\Partition1");
    assert_int_equal(BaseSrvInitialize(ModelServer(), Variant, ModelBaseSrvEnv()),
                     STATUS_SUCCESS);           /* C: enters the table as the system's */
    assert_int_equal(Define("P:", "\\Device\\Floppy0"), STATUS_SUCCESS);
    assert_int_equal(ModelRunOp(ModelUseA), 0);                     /* X: MAIL, live */
    assert_int_equal(Define("X:", "\\Device\\Floppy1"), STATUS_SUCCESS);
    assert_int_equal(Define("X:", SYS), STATUS_SUCCESS);
    assert_int_equal(Define("Y:", NWRDR "\\;Y:\\NWSERVER\\SYS"), STATUS_SUCCESS);
    assert_int_equal(Define("Z:", NWRDR "2\\;Z:\\NW1\\SYS"), STATUS_SUCCESS);
    assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), SYS "|\\Device\\Floppy1|" MAIL);
}

static void test_drop_only_the_redirectors(void **state)
{
    BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES];
    ULONG Letters, Definitions;

    for (ULONG V = 0; V < 2; V++) {
        World((BASESRV_VARIANT)V);
        assert_int_equal(BaseSrvAuditDrives(ModelServer(), Audit), 2);    /* X:'s top, Y: */
        assert_int_equal(Audit[X].Orphan, BASESRV_ORPHAN_DEAD_TOP);
        assert_int_equal(Drop(NWRDR, &Letters, &Definitions), STATUS_SUCCESS);
        assert_int_equal(Letters, 2);
        assert_int_equal(Definitions, 3);
        /* X: keeps its local definition; its entry says so */
        assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "\\Device\\Floppy1");
        assert_int_equal(ModelDriveEntry(X)->State, BaseSrvDriveInUse);
        assert_int_equal(ModelDriveEntry(X)->References, 1);
        assert_int_equal(ModelDriveEntry(X)->DriveType, DRIVE_FIXED);
        assert_int_equal(ModelDriveEntry(X)->OwnerProcessId, ModelProcessId(ModelMmtaA));
        /* Y: is gone, and free */
        assert_string_equal(ModelLinkTargets("\\DosDevices\\Y:"), "");
        assert_int_equal(ModelDriveEntry(Y)->State, BaseSrvDriveFree);
        assert_int_equal(ModelDriveEntry(Y)->References, 0);
        /* the others untouched */
        assert_string_equal(ModelLinkTargets("\\DosDevices\\C:"), "\\Device\\Harddisk0\\Partition1");
        assert_string_equal(ModelLinkTargets("\\DosDevices\\P:"), "\\Device\\Floppy0");
        assert_string_equal(ModelLinkTargets("\\DosDevices\\Z:"), NWRDR "2\\;Z:\\NW1\\SYS");
        assert_int_equal(ModelDriveEntry(C_)->State, BaseSrvDriveInUse);
        assert_int_equal(ModelDriveEntry(P)->References, 1);
        assert_int_equal(ModelDriveEntry(Z)->References, 1);
        /* Z:'s target is no redirector path to the model: local, healthy */
        assert_int_equal(BaseSrvAuditDrives(ModelServer(), Audit), 0);
        /* again: nothing left to drop */
        assert_int_equal(Drop(NWRDR, &Letters, &Definitions), STATUS_SUCCESS);
        assert_int_equal(Letters, 0);
        assert_int_equal(Definitions, 0);
    }
}

static void test_drop_without_case_and_a_whole_letter(void **state)
{
    ULONG Letters, Definitions;

    World(BaseSrvSp);
    assert_int_equal(Drop("\\device\\NWRDR", &Letters, &Definitions), STATUS_SUCCESS);
    assert_int_equal(Definitions, 3);
    assert_int_equal(Drop("\\Device\\Floppy1", &Letters, &Definitions), STATUS_SUCCESS);
    assert_int_equal(Letters, 1);
    assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), "");
    assert_int_equal(ModelDriveEntry(X)->State, BaseSrvDriveFree);
    assert_string_equal(ModelLinkTargets("\\DosDevices\\P:"), "\\Device\\Floppy0");
}

/* The top goes, a redirector target beneath it stays (another device's
   drop): the type is learnt again from the new top. */
static void test_drop_the_top_learns_the_type(void **state)
{
    ULONG Letters, Definitions;

    ModelReset(BaseSrvRtm, FALSE);
    ModelSetSerialProcess(ModelMmtaA);
    assert_int_equal(ModelRunOp(ModelUseA), 0);                     /* X: MAIL, live */
    assert_int_equal(Define("X:", "\\Device\\Floppy1"), STATUS_SUCCESS);
    assert_int_equal(ModelDriveEntry(X)->DriveType, DRIVE_FIXED);
    assert_int_equal(Drop("\\Device\\Floppy1", &Letters, &Definitions), STATUS_SUCCESS);
    assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), MAIL);
    assert_int_equal(ModelDriveEntry(X)->DriveType, DRIVE_REMOTE);           /* asked as A */
    assert_int_equal(ModelDriveEntry(X)->References, 1);
}

static void test_only_the_system_session(void **state)
{
    ULONG Letters = 7, Definitions = 7;

    World(BaseSrvRtm);
    ModelSetSerialProcess(ModelWinFile);                /* the interactive user */
    assert_int_equal(Drop(NWRDR, &Letters, &Definitions), STATUS_ACCESS_DENIED);
    assert_int_equal(Letters, 0);
    assert_int_equal(Definitions, 0);
    assert_string_equal(ModelLinkTargets("\\DosDevices\\X:"), SYS "|\\Device\\Floppy1|" MAIL);
    assert_string_equal(ModelLinkTargets("\\DosDevices\\Y:"), NWRDR "\\;Y:\\NWSERVER\\SYS");
    assert_int_equal(ModelDriveEntry(X)->References, 3);
    assert_true(ModelLockFree());
}

static void test_bad_device_names(void **state)
{
    static const char *const Bad[] = { "", "\\", "Device\\NwRdr", NWRDR "\\" };
    char Long[BASESRV_MAX_PATH + 1];
    ULONG Letters, Definitions;

    World(BaseSrvSp);
    for (ULONG I = 0; I < sizeof(Bad) / sizeof(Bad[0]); I++)
        assert_int_equal(Drop(Bad[I], &Letters, &Definitions), STATUS_INVALID_PARAMETER);
    assert_int_equal(Drop(NULL, &Letters, &Definitions), STATUS_INVALID_PARAMETER);
    memset(Long, 'z', sizeof(Long) - 1);
    Long[0] = '\\';
    Long[sizeof(Long) - 1] = '\0';
    assert_int_equal(Drop(Long, &Letters, &Definitions), STATUS_INVALID_PARAMETER);
    assert_string_equal(ModelLinkTargets("\\DosDevices\\Y:"), NWRDR "\\;Y:\\NWSERVER\\SYS");
    assert_true(ModelLockFree());
}

/* CIM holds Y:'s link open: the delete makes it temporary and the name
   lingers until the handle closes, as a DefineDosDevice remove would. */
static void test_lingering_link(void **state)
{
    ULONG Letters, Definitions, Handle;

    World(BaseSrvSp);
    ModelSetSerialProcess(ModelCim);
    assert_int_equal(ModelOpenLink("\\DosDevices\\Y:", &Handle), STATUS_SUCCESS);
    ModelSetSerialProcess(ModelMmtaA);
    assert_int_equal(Drop(NWRDR, &Letters, &Definitions), STATUS_SUCCESS);
    assert_int_equal(ModelDriveEntry(Y)->State, BaseSrvDriveFree);
    assert_int_equal(ModelCloseHandle(Handle), STATUS_SUCCESS);
    assert_string_equal(ModelLinkTargets("\\DosDevices\\Y:"), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drop_only_the_redirectors),
        cmocka_unit_test(test_drop_without_case_and_a_whole_letter),
        cmocka_unit_test(test_drop_the_top_learns_the_type),
        cmocka_unit_test(test_only_the_system_session),
        cmocka_unit_test(test_bad_device_names),
        cmocka_unit_test(test_lingering_link),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
