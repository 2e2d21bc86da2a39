# user.mk - user/, the processes' code: CSRSS (user/csrss: its server and
# the base server) and the Win32 layer with the network provider (user/lib).
#
# USER_PURE_SRCS reach the world only through an environment (basesrv.h,
# mpr.h): the host tests build them with the in-memory object manager and
# NWRDR of tests/model, run by tests/test_unit.py. USER_SRCS, linked into
# the kernel image (kernel/kernel.mk), adds the files written against the
# native API; tests/test_user_boundary.py checks that they call nothing of
# the kernel but Nt*/Rtl* and the C library.

BASESRV_SRCS := user/csrss/basesrv/dosdev.c user/csrss/basesrv/targets.c \
                user/csrss/basesrv/audit.c
USERLIB_SRCS := user/lib/provider.c user/lib/winerror.c
USER_PURE_SRCS := $(BASESRV_SRCS) $(USERLIB_SRCS)
USER_NATIVE_SRCS := user/csrss/basesrv/ntenv.c user/csrss/csrsrv/server.c \
                    user/lib/csrclient.c user/lib/dosdev.c user/lib/file.c user/lib/find.c \
                    user/lib/netuse.c
USER_SRCS    := $(USER_PURE_SRCS) $(USER_NATIVE_SRCS)

USER_MODEL_SRCS := tests/model/model.c tests/model/explore.c

$(eval $(call host_unit_test,test_basesrv,$(USER_PURE_SRCS) $(USER_MODEL_SRCS)))
$(eval $(call host_unit_test,test_nwprovider,$(USER_PURE_SRCS) $(USER_MODEL_SRCS)))
$(eval $(call host_unit_test,test_basesrv_model,$(USER_PURE_SRCS) $(USER_MODEL_SRCS)))
