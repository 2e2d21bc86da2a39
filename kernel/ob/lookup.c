/*
 * lookup.c - finding an object by its complete name: directories walked
 * from `\`, symbolic links reparsed, the rest of a name handed to a type's
 * ParseProcedure. The insert half of ObInsertObjectInTable walks the same
 * way and names the object where the walk ends.
 *
 * A complete name starts with `\` and has no empty component; it is copied
 * into the lookup's own buffer, which a reparse rewrites as target + rest:
 * `\DosDevices\X:\PATH` with `X:` -> `\Device\NwRdr\;X:\SERVER\VOL` walks on
 * as `\Device\NwRdr\;X:\SERVER\VOL\PATH`. After OB_MAX_REPARSE links the
 * lookup gives up with STATUS_REPARSE_POINT_NOT_RESOLVED (a loop).
 *
 * A link is the object found, rather than reparsed, only when it is the
 * last component and the caller asked for the symbolic-link type (NT's
 * NtOpenSymbolicLinkObject). An insert never reparses its last component:
 * a name that exists, link or not, is a collision.
 *
 * Interface: ObReferenceObjectByName, ObOpenObjectByNameInTable; for the
 * rest of kernel/ob, ObpCheckName and ObpLookupObjectName.
 */
#include <string.h>
#include "ob/ob.h"

typedef struct _OBP_LOOKUP {
    POBJECT_TYPE ObjectType;    /* what the caller expects, or NULL for any */
    PVOID InsertObject;         /* the object to name, or NULL for a lookup */
    BOOLEAN CountHandle;        /* count a handle on the result */
    ULONG Reparses;
    USHORT Length;              /* of Path */
    CHAR Path[OB_MAX_PATH];     /* the complete name, as reparsed so far */
} OBP_LOOKUP;

/* Checks a complete name's syntax: STATUS_OBJECT_PATH_SYNTAX_BAD when it
   is not absolute, STATUS_OBJECT_NAME_INVALID when it is empty, too long,
   has an empty component (`\\`, a trailing `\`) or a NUL. */
NTSTATUS ObpCheckName(PCSTRING Name)
{
    USHORT i;

    if (Name == NULL || Name->Length == 0 || Name->Buffer == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    if (Name->Buffer[0] != OBJ_NAME_PATH_SEPARATOR)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (Name->Length > OB_MAX_PATH)
        return STATUS_OBJECT_NAME_INVALID;
    for (i = 1; i < Name->Length; i++) {
        CHAR c = Name->Buffer[i];
        if (c == '\0' || (c == OBJ_NAME_PATH_SEPARATOR &&
                          Name->Buffer[i - 1] == OBJ_NAME_PATH_SEPARATOR))
            return STATUS_OBJECT_NAME_INVALID;
    }
    /* A trailing separator is checked by the walk: "X:\" is the root of the
       volume a parse procedure is handed, "\Device\" names nothing. */
    return STATUS_SUCCESS;
}

/* Rewrites the path as Link's target followed by what came after the
   link (from End). A target may be a list of NUL-terminated strings
   (DefineDosDevice's push-down list): the first one is the target, as in
   NT. Namespace lock: the link cannot go meanwhile. */
static NTSTATUS ObpReparse(OBP_LOOKUP *L, POBJECT_HEADER Link, USHORT End)
{
    PCSTRING target = &((POBJECT_SYMBOLIC_LINK)Link->Body)->Target;
    USHORT keep = (USHORT)strnlen(target->Buffer, target->Length), rest = L->Length - End;

    if (++L->Reparses > OB_MAX_REPARSE)
        return STATUS_REPARSE_POINT_NOT_RESOLVED;
    if (keep == 1 && rest != 0)
        keep = 0;                       /* a link to `\`: the rest starts with `\` */
    if ((ULONG)keep + rest > OB_MAX_PATH)
        return STATUS_OBJECT_NAME_INVALID;
    memmove(L->Path + keep, L->Path + End, rest);
    memcpy(L->Path, target->Buffer, keep);
    L->Length = keep + rest;
    return STATUS_REPARSE;
}

/* The walk ended on Found, the last component. Namespace lock. */
static NTSTATUS ObpFinish(OBP_LOOKUP *L, POBJECT_HEADER Found, PVOID *Object)
{
    if (L->InsertObject != NULL)
        return STATUS_OBJECT_NAME_COLLISION;
    if (L->ObjectType != NULL && Found->Type != L->ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObReferenceObject(Found->Body);
    if (L->CountHandle)
        ObpIncrementHandleCount(Found);
    *Object = Found->Body;
    return STATUS_SUCCESS;
}

/* Component (ending at End) is not in Dir: an insert names its object
   there if it is the last component. Namespace lock. */
static NTSTATUS ObpNotFound(OBP_LOOKUP *L, POBJECT_DIRECTORY Dir, PCSTRING Component,
                            USHORT End)
{
    POBJECT_HEADER h;
    NTSTATUS status;

    if (End < L->Length)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    if (L->InsertObject == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    h = OBJECT_TO_OBJECT_HEADER(L->InsertObject);
    status = ObpInsertEntryDirectory(Dir, Component, h);
    if (NT_SUCCESS(status) && L->CountHandle)
        ObpIncrementHandleCount(h);
    return status;
}

/*
 * One walk from `\`, namespace lock held. Returns STATUS_REPARSE when a
 * link rewrote the path (walk again), or sets *Parse (referenced) and
 * *Rest when an object with a ParseProcedure must take the rest; else the
 * result of the lookup or insert.
 */
static NTSTATUS ObpWalk(OBP_LOOKUP *L, POBJECT_HEADER *Parse, USHORT *Rest, PVOID *Object)
{
    POBJECT_DIRECTORY dir = ObpRootDirectory;
    USHORT pos = 0, end;
    POBJECT_HEADER found;
    STRING component;

    if (L->Length == 1)
        return ObpFinish(L, OBJECT_TO_OBJECT_HEADER(dir), Object);
    for (;;) {
        for (end = pos + 1; end < L->Length && L->Path[end] != OBJ_NAME_PATH_SEPARATOR; end++)
            ;
        component.Buffer = L->Path + pos + 1;
        component.Length = component.MaximumLength = end - pos - 1;
        if (component.Length == 0)
            return STATUS_OBJECT_NAME_INVALID;      /* a trailing separator in the namespace */
        found = ObpFindEntryDirectory(dir, &component);
        if (found == NULL)
            return ObpNotFound(L, dir, &component, end);
        if (end == L->Length && L->InsertObject != NULL)
            return STATUS_OBJECT_NAME_COLLISION;
        if (found->Type == ObSymbolicLinkObjectType &&
            (end < L->Length || L->ObjectType != ObSymbolicLinkObjectType))
            return ObpReparse(L, found, end);
        if (found->Type->TypeInfo.ParseProcedure != NULL && L->InsertObject == NULL) {
            ObReferenceObject(found->Body);
            *Parse = found;
            *Rest = end;
            return STATUS_SUCCESS;
        }
        if (end == L->Length)
            return ObpFinish(L, found, Object);
        if (found->Type != ObDirectoryObjectType)
            return STATUS_OBJECT_TYPE_MISMATCH;
        dir = (POBJECT_DIRECTORY)found->Body;
        pos = end;
    }
}

/* Hands the rest of the path (from Rest) to Parse's ParseProcedure, with
   no lock held, and drops the walk's reference on Parse. */
static NTSTATUS ObpCallParse(OBP_LOOKUP *L, POBJECT_HEADER Parse, USHORT Rest,
                             ACCESS_MASK DesiredAccess, PVOID ParseContext, PVOID *Object)
{
    STRING remaining;
    PVOID found = NULL;
    NTSTATUS status;

    remaining.Buffer = L->Path + Rest;
    remaining.Length = remaining.MaximumLength = L->Length - Rest;
    status = Parse->Type->TypeInfo.ParseProcedure(Parse->Body, L->ObjectType, DesiredAccess,
                                                  ParseContext, &remaining, &found);
    ObDereferenceObject(Parse->Body);
    ASSERT(status != STATUS_REPARSE);   /* not supported: see OB_PARSE_METHOD */
    if (!NT_SUCCESS(status))
        return status;
    if (found == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (L->ObjectType != NULL && ObGetObjectType(found) != L->ObjectType) {
        ObDereferenceObject(found);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (L->CountHandle) {
        ObpLockNamespace();
        ObpIncrementHandleCount(OBJECT_TO_OBJECT_HEADER(found));
        ObpUnlockNamespace();
    }
    *Object = found;
    return STATUS_SUCCESS;
}

/*
 * Looks Name up. A lookup (InsertObject NULL) returns a referenced
 * *Object, of ObjectType if that is given, with a handle already counted
 * if CountHandle says so. An insert names InsertObject at Name (counting
 * its handle likewise) and returns it in *Object, with the name's own
 * reference only.
 */
NTSTATUS ObpLookupObjectName(PCSTRING Name, POBJECT_TYPE ObjectType, ACCESS_MASK DesiredAccess,
                             PVOID ParseContext, PVOID InsertObject, BOOLEAN CountHandle,
                             PVOID *Object)
{
    OBP_LOOKUP L;
    POBJECT_HEADER parse;
    USHORT rest = 0;
    NTSTATUS status = ObpCheckName(Name);

    *Object = NULL;
    if (!NT_SUCCESS(status))
        return status;
    L.ObjectType = ObjectType;
    L.InsertObject = InsertObject;
    L.CountHandle = CountHandle;
    L.Reparses = 0;
    L.Length = Name->Length;
    memcpy(L.Path, Name->Buffer, Name->Length);
    do {
        parse = NULL;
        ObpLockNamespace();
        status = ObpWalk(&L, &parse, &rest, Object);
        ObpUnlockNamespace();
    } while (status == STATUS_REPARSE);
    if (parse != NULL)
        return ObpCallParse(&L, parse, rest, DesiredAccess, ParseContext, Object);
    if (NT_SUCCESS(status) && InsertObject != NULL)
        *Object = InsertObject;
    return status;
}

/* A referenced pointer to the object called Name (of ObjectType, if not
   NULL). ParseContext goes to a ParseProcedure the lookup reaches. */
NTSTATUS ObReferenceObjectByName(PCSTRING Name, POBJECT_TYPE ObjectType, PVOID ParseContext,
                                 PVOID *Object)
{
    return ObpLookupObjectName(Name, ObjectType, 0, ParseContext, NULL, FALSE, Object);
}

/* A handle in Table, with DesiredAccess, to the object called Name.
   NtOpenSymbolicLinkObject, NtOpenDirectoryObject and (through a parse
   procedure) NtCreateFile come here. */
NTSTATUS ObOpenObjectByNameInTable(PHANDLE_TABLE Table, PCSTRING Name, POBJECT_TYPE ObjectType,
                                   ACCESS_MASK DesiredAccess, PVOID ParseContext,
                                   PHANDLE Handle)
{
    ACCESS_MASK granted;
    PVOID object;
    NTSTATUS status;

    status = ObpLookupObjectName(Name, ObjectType, DesiredAccess, ParseContext, NULL, TRUE,
                                 &object);
    if (!NT_SUCCESS(status))
        return status;
    granted = ObpMapDesiredAccess(ObGetObjectType(object), DesiredAccess);
    status = ObpCreateHandle(Table, object, granted, Handle);
    if (!NT_SUCCESS(status))
        ObpDecrementHandleCount(Table, object, granted);
    ObDereferenceObject(object);
    return status;
}
