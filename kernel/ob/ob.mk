# ob.mk - the object manager's sources, its in-kernel suite and its host
# unit tests (kernel/kernel.mk includes this and adds OB_SRCS).
#
# kernel/rtl/string.c is listed here because the object manager is the
# first user of counted strings; it can move to kernel.mk's rtl line the
# next time that list is edited.

OB_SRCS := kernel/ob/object.c kernel/ob/namespace.c kernel/ob/lookup.c \
	kernel/ob/symlink.c kernel/ob/handle.c kernel/ob/obhandle.c kernel/ob/ntob.c kernel/rtl/string.c \
	tests/guest/test_ob.c

OB_HOST_SRCS := $(filter-out kernel/ob/ntob.c kernel/ob/obhandle.c,$(filter kernel/%,$(OB_SRCS))) kernel/mm/pool.c \
                tests/unit/kstubs.c

$(eval $(call host_unit_test,test_ob,$(OB_HOST_SRCS)))
$(eval $(call host_unit_test,test_ob_names,$(OB_HOST_SRCS)))
