# user.mk - user/, the processes' code: CSRSS's base server (user/csrss) and
# the Win32 layer with the network provider (user/lib).
#
# USER_SRCS is freestanding code the kernel build will link into the
# processes (not yet: the LPC and CSRSS threads come first). The host tests
# build the same files, with the in-memory object manager and NWRDR of
# tests/model, and are run by tests/test_unit.py.

BASESRV_SRCS := user/csrss/basesrv/dosdev.c user/csrss/basesrv/targets.c \
                user/csrss/basesrv/audit.c
USERLIB_SRCS := user/lib/provider.c user/lib/winerror.c
USER_SRCS    := $(BASESRV_SRCS) $(USERLIB_SRCS)

USER_MODEL_SRCS := tests/model/model.c tests/model/explore.c

$(eval $(call host_unit_test,test_basesrv,$(USER_SRCS) $(USER_MODEL_SRCS)))
$(eval $(call host_unit_test,test_nwprovider,$(USER_SRCS) $(USER_MODEL_SRCS)))
$(eval $(call host_unit_test,test_basesrv_model,$(USER_SRCS) $(USER_MODEL_SRCS)))
