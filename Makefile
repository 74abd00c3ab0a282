# SPDX-License-Identifier: GPL-2.0
#
# axvcpu: build, boot under QEMU and test.
#
#   make run         build everything for $(ARCH), boot Linux nested in axvm
#   make check       build and run every test on every arch in $(ARCHES)
#   make help        the other targets
#
# The kernel's build system reads the file Kbuild, not this Makefile, when
# it builds the module (make -C $KDIR M=$PWD).  Everything built here goes
# to build/<arch>/; the host kernel is cached in ~/.cache/axvcpu
# ($AXVCPU_CACHE) by selftests/qemu/kernel.sh.

ARCH ?= riscv
# An ARCH left in the environment for another purpose (ARCH=x86_64) must not
# break "make check", which picks its archs from ARCHES.
ifeq ($(origin ARCH),environment)
ifeq ($(filter $(ARCH),riscv arm64),)
ARCH := riscv
endif
endif
# Archs that "make check" tests; one whose arch/<arch>/configs/
# axvcpu_host.config does not exist yet is skipped.
ARCHES ?= riscv arm64

CROSS_COMPILE_riscv := riscv64-linux-gnu-
CROSS_COMPILE_arm64 := aarch64-linux-gnu-
# Only a CROSS_COMPILE given on the command line overrides the per-arch one
# (one left in the environment must not leak into the other arch).
ifneq ($(origin CROSS_COMPILE),command line)
CROSS_COMPILE := $(CROSS_COMPILE_$(ARCH))
endif

# What the module, selftests and tools builds produce (relative to the repo
# top, to $(B)/selftests and to $(B)/tools).
MODULE_KO    ?= axvcpu.ko
TESTS_SUBDIR ?= tests
AXVM_BIN     ?= bin/axvm
HELLO_GUEST  ?= guest/hello.bin
# What "make run" starts inside the QEMU guest: axvm boots Linux (see
# guest-linux) with 2 vCPUs.
RUN_CMD      ?= /$(AXVM_BIN) --kernel /guest/linux/Image \
	--initrd /guest/linux/initramfs.cpio --mem 64M --cpus 2

# Seconds: one test binary inside the guest; a whole QEMU boot per mode.
TEST_TIMEOUT   ?= 300
CHECK_TIMEOUT  ?= 900
RUN_TIMEOUT    ?= 600
NOLOAD_TIMEOUT ?= 120
# make bench: axvbench arguments (e.g. --iters 2000 --reps 3), the QEMU
# arguments that make its figures exact, its vCPUs (icount runs them all in
# one thread anyway) and its time limit in seconds.
BENCH_ARGS    ?=
BENCH_QEMU    ?= -icount shift=0
BENCH_SMP     ?= 1
BENCH_TIMEOUT ?= 900
# make profile: the benchmark row and hypervisor whose instructions are
# counted per function, and the first run's iterations (the second doubles
# them; from 8000 on, axvbench's warm-up is the same in both).
PROFILE_ROW   ?= mmio_read
PROFILE_HV    ?= axvcpu
PROFILE_ITERS ?= 8000
# The debug kernel (VARIANT=debug): its check boot's time limit, QEMU
# memory (KASAN's shadow takes an eighth of it, kmemleak its pool), and
# the seconds tools/fuzz/axvfuzz runs in it (0: not at all).
DEBUG_CHECK_TIMEOUT ?= 2400
DEBUG_QEMU_MEM      ?= 1G
FUZZ_TIME           ?= 90
# Extra kernel command line, extra QEMU arguments, QUIET=1 hides the console.
CMDLINE_EXTRA ?=
QEMU_ARGS     ?=
QUIET         ?=

# KDIR (kernel build dir) and KSRC (kernel source dir) may be given; by
# default kernel.sh finds them in the cache, building the kernel if needed.
# They are resolved by the recipes that need them, never at parse time.
KERNEL_SH := selftests/qemu/kernel.sh
KDIR_CMD = $(if $(KDIR),echo $(KDIR),$(KERNEL_SH) $(ARCH) $(VARIANT))
KSRC_CMD = $(if $(KSRC),echo $(KSRC),$(KERNEL_SH) --src)

# Kernel variant: host (the normal test kernel) or debug (KASAN, lockdep,
# kmemleak, ...: arch/<arch>/configs/axvcpu_debug.config on top).  What
# depends on the kernel (module, initramfs, logs) goes to $(VB), which is
# build/<arch>/debug/ for the debug variant; userspace is shared.
VARIANT ?= host
B        := $(CURDIR)/build/$(ARCH)
VB       := $(B)$(if $(filter-out host,$(VARIANT)),/$(VARIANT))
QEMU_DIR := selftests/qemu
CC_GUEST := $(CROSS_COMPILE)gcc
CHECKPATCH_DIRS ?= kmod arch include
SUMMARIZE := python3 $(QEMU_DIR)/summarize.py

ifeq ($(filter $(ARCH),riscv arm64),)
$(error ARCH=$(ARCH): only riscv and arm64 are supported)
endif

.PHONY: all help setup kernel ksrc module module-clean selftests tools init \
	guest-linux \
	initramfs initramfs-check initramfs-run initramfs-noload \
	initramfs-bench boot-check boot-run boot-noload boot-bench run check \
	debug-check sparse \
	checkpatch bench profile clean

all: module selftests tools

help:
	@echo 'make run          build for ARCH=$(ARCH), boot QEMU, run $(RUN_CMD)'
	@echo 'make check        all tests on ARCHES="$(ARCHES)" and kernel variants'
	@echo '                  CHECK_VARIANTS="$(CHECK_VARIANTS)", then one summary'
	@echo 'make debug-check  all tests and the fuzzer on the debug kernel only'
	@echo 'make module       build $(MODULE_KO) against the cached host kernel'
	@echo 'make selftests    build the selftests into build/ARCH/selftests'
	@echo 'make tools        build axvm and the guests into build/ARCH/tools'
	@echo 'make guest-linux  axvm'"'"'s Linux guest in build/ARCH/tools/guest/linux'
	@echo 'make kernel       build (or find) the host kernel, print its dir'
	@echo 'make initramfs    build build/ARCH/initramfs-{check,run,noload}.cpio'
	@echo 'make boot-check|boot-run|boot-noload   one QEMU boot, log in build/ARCH/MODE.log'
	@echo 'make checkpatch   checkpatch.pl --strict over $(CHECKPATCH_DIRS)'
	@echo 'make sparse       sparse (C=2) over the module for ARCHES'
	@echo 'make bench        axvcpu vs KVM exit costs under QEMU -icount, table in'
	@echo '                  build/ARCH/bench.{txt,csv}'
	@echo 'make profile      instructions per function of one benchmark row'
	@echo '                  (PROFILE_ROW, PROFILE_HV), under a QEMU plugin'
	@echo 'make module-clean | clean'
	@echo 'variables: ARCH=riscv|arm64 ARCHES VARIANT=host|debug CHECK_VARIANTS'
	@echo '           KDIR KSRC TEST_TIMEOUT CHECK_TIMEOUT DEBUG_CHECK_TIMEOUT'
	@echo '           DEBUG_QEMU_MEM FUZZ_TIME'
	@echo '           RUN_CMD CMDLINE_EXTRA QEMU_ARGS QUIET=1'
	@echo '           BENCH_ARGS BENCH_QEMU BENCH_SMP BENCH_TIMEOUT'
	@echo '           PROFILE_ROW PROFILE_HV PROFILE_ITERS'

setup:
	@$(QEMU_DIR)/setup.sh

kernel: setup
	@kdir=$$($(KDIR_CMD)) && echo "==== $(ARCH): kernel $$kdir"

ksrc: setup
	@$(KSRC_CMD)

# Objects of an out-of-tree module land in the source tree, so switching
# arch means cleaning first.
module: kernel
	@test -f Kbuild || { echo "make module: no Kbuild in $(CURDIR)" >&2; exit 1; }
	@if [ "$$(cat build/.module-arch 2>/dev/null)" != $(ARCH)-$(VARIANT) ]; then \
		$(MAKE) --no-print-directory module-clean; fi
	@echo "==== $(ARCH): module ($(VARIANT) kernel)"
	@kdir=$$($(KDIR_CMD)) && $(MAKE) -C "$$kdir" M=$(CURDIR) ARCH=$(ARCH) \
		CROSS_COMPILE=$(CROSS_COMPILE) W=1 modules
	@mkdir -p $(VB) && echo $(ARCH)-$(VARIANT) >build/.module-arch
	@cp $(MODULE_KO) $(VB)/axvcpu.ko

# Without the kernel (so that "make clean" never builds one): delete what
# Kbuild leaves in the tree.
module-clean:
	@find . \( -path ./build -o -path ./.git -o -path ./selftests \
		-o -path ./tools \) -prune -o -type f \( -name '*.o' \
		-o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '.*.d' -o -name '*.a' \
		-o -name '*.symtypes' -o -name '*.dwo' \) -print0 | xargs -0 rm -f
	@find kmod arch -name '*.s' -type f -print0 2>/dev/null | xargs -0 rm -f
	@rm -f modules.order Module.symvers arch/*/axvcpu-asm-offsets.h \
		build/.module-arch
	@rm -rf .tmp_versions

selftests: setup
	@echo "==== $(ARCH): selftests"
	@ksrc=$$($(KSRC_CMD)) && $(MAKE) -C selftests ARCH=$(ARCH) \
		CROSS_COMPILE=$(CROSS_COMPILE) KSRC="$$ksrc" O=$(B)/selftests

tools: setup
	@echo "==== $(ARCH): tools"
	@ksrc=$$($(KSRC_CMD)) && $(MAKE) -C tools ARCH=$(ARCH) \
		CROSS_COMPILE=$(CROSS_COMPILE) KSRC="$$ksrc" O=$(B)/tools

init: $(B)/init

$(B)/init: $(QEMU_DIR)/init.c | setup
	@echo "==== $(ARCH): init"
	@mkdir -p $(B)
	@$(CC_GUEST) -static -O2 -Wall -o $@ $<

# axvm's Linux guest, in build/<arch>/tools/guest/linux/ so that the check
# and run initramfs carry it as /guest/linux/: the host kernel's own Image
# and an initramfs whose /init (tools/guest/linux/init.c) prints a few lines
# and powers off.  Always the host variant's Image, also when the host runs
# the debug kernel: the guest is the same for both, and a KASAN kernel as the
# guest would only make its boot too slow to test anything.
GUEST_LINUX := $(B)/tools/guest/linux
GUEST_KDIR_CMD = $(if $(KDIR),echo $(KDIR),$(KERNEL_SH) $(ARCH) host)
guest-linux: kernel tools
	@echo "==== $(ARCH): Linux guest for axvm"
	@mkdir -p $(GUEST_LINUX) $(B)/obj
	@kdir=$$($(GUEST_KDIR_CMD)) && cp $$kdir/arch/$(ARCH)/boot/Image $(GUEST_LINUX)/Image
	@$(CC_GUEST) -static -O2 -Wall -Wextra -pthread -o $(B)/obj/guest-linux-init \
		tools/guest/linux/init.c
	@$(QEMU_DIR)/initramfs.sh -o $(GUEST_LINUX)/initramfs.cpio \
		-i $(B)/obj/guest-linux-init

initramfs: initramfs-check initramfs-run initramfs-noload

# check: everything; run: no selftests; noload: init and module only, so
# that one broken part does not keep the others from booting.
initramfs-check: module selftests tools init guest-linux
	@kdir=$$($(KDIR_CMD)) && kvm=$$kdir/arch/$(ARCH)/kvm/kvm.ko && \
	$(QEMU_DIR)/initramfs.sh -o $(VB)/initramfs-check.cpio -i $(B)/init \
		-m $(VB)/axvcpu.ko -t $(B)/selftests/$(TESTS_SUBDIR) -T $(B)/tools \
		$$(test -f $$kvm && echo "-k $$kvm")

initramfs-run: module tools init guest-linux
	@test -f $(B)/tools/$(HELLO_GUEST) || \
		{ echo "make: tools built no $(B)/tools/$(HELLO_GUEST)" >&2; exit 1; }
	@$(QEMU_DIR)/initramfs.sh -o $(VB)/initramfs-run.cpio -i $(B)/init \
		-m $(VB)/axvcpu.ko -T $(B)/tools

initramfs-noload: module init
	@$(QEMU_DIR)/initramfs.sh -o $(VB)/initramfs-noload.cpio -i $(B)/init \
		-m $(VB)/axvcpu.ko

# One QEMU boot each; the console goes to build/<arch>/<mode>.log.  QEMU's
# own status does not fail the target: summarize.py judges the log.
# The debug variant adds the fuzzer to its check boot.
is_debug = $(filter debug,$(VARIANT))
boot = @echo "==== $(ARCH): booting QEMU in $(1) mode (log: $(VB:$(CURDIR)/%=%)/$(1).log)"; \
	kdir=$$($(KDIR_CMD)) && KDIR="$$kdir" QEMU_TIMEOUT=$(2) \
	TEST_TIMEOUT=$(TEST_TIMEOUT) RUN_CMD='$(RUN_CMD)' QUIET=$(QUIET) \
	CMDLINE_EXTRA='$(if $(is_debug),axvcpu.fuzz=$(FUZZ_TIME) )$(CMDLINE_EXTRA)' \
	VARIANT=$(VARIANT) $(if $(is_debug),QEMU_MEM=$(DEBUG_QEMU_MEM)) \
	INITRD=$(VB)/initramfs-$(1).cpio LOG=$(VB)/$(1).log \
	$(QEMU_DIR)/run-qemu.sh $(ARCH) $(1) $(QEMU_ARGS) || true

boot-check: initramfs-check
	$(call boot,check,$(if $(is_debug),$(DEBUG_CHECK_TIMEOUT),$(CHECK_TIMEOUT)))

boot-run: initramfs-run
	$(call boot,run,$(RUN_TIMEOUT))

boot-noload: initramfs-noload
	$(call boot,noload,$(NOLOAD_TIMEOUT))

run: setup
	@rm -f $(B)/run.log
	@$(MAKE) --no-print-directory boot-run
	@echo "==== guest output ($(RUN_CMD))"
	@sed -n '/^### BEGIN /,/^### END /{/^### /!p}' $(B)/run.log
	@$(SUMMARIZE) $(B)/run.log

# Every arch in ARCHES, every kernel variant in CHECK_VARIANTS: build, boot
# in check mode (and, on the host kernel, in noload mode), with make -k so
# that a failed part still lets the rest boot; then one summary of all the
# logs.  A log that is missing because its build failed counts as a failure.
# With CHECK_STATUS=<file>, the summary's exit status is written there and
# make succeeds, so that no make error line follows the summary (.ci/run).
CHECK_VARIANTS ?= host debug
# Non-empty: sparse and checkpatch per arch too, counted as tests.
CHECK_STATIC ?= 1
check: setup
	@logs=; for a in $(ARCHES); do \
		if [ ! -f arch/$$a/configs/axvcpu_host.config ]; then \
			echo "==== $$a: skipped (no arch/$$a/configs/axvcpu_host.config)"; \
			continue; \
		fi; \
		for v in $(CHECK_VARIANTS); do \
			if [ $$v = host ]; then d=build/$$a; t="boot-check boot-noload"; \
			else d=build/$$a/$$v; t=boot-check; fi; \
			rm -f $$d/check.log $$d/noload.log; \
			for m in $$t; do logs="$$logs $$d/$${m#boot-}.log"; done; \
			$(MAKE) --no-print-directory -k ARCH=$$a VARIANT=$$v $$t || \
				echo "==== $$a ($$v kernel): some build step failed, see above"; \
		done; \
		if [ -n "$(CHECK_STATIC)" ]; then \
			echo "==== $$a: sparse and checkpatch (log: build/$$a/static.log)"; \
			$(QEMU_DIR)/static-checks.sh $$a >build/$$a/static.log 2>&1; \
			logs="$$logs build/$$a/static.log"; \
		fi; \
	done; \
	$(if $(CHECK_STATUS),st=0; $(SUMMARIZE) $$logs || st=$$?; echo $$st >$(CHECK_STATUS), \
		exec $(SUMMARIZE) $$logs)

# The whole suite and the fuzzer on the debug kernel only.
debug-check:
	@$(MAKE) --no-print-directory check CHECK_VARIANTS=debug CHECK_STATIC=

checkpatch: setup
	@ksrc=$$($(KSRC_CMD)) && \
	files=$$(find $(or $(wildcard $(CHECKPATCH_DIRS)),/dev/null) -type f \
		\( -name '*.c' -o -name '*.h' -o -name '*.S' \) \
		! -name 'axvcpu-asm-offsets.h' | sort) && \
	if [ -z "$$files" ]; then echo "checkpatch: no files"; exit 0; fi && \
	"$$ksrc/scripts/checkpatch.pl" --no-tree --strict --terse -f $$files

# sparse over the module (every file, C=2) for each arch in ARCHES, against
# the host kernel; any sparse warning fails.  The objects are rebuilt with
# sparse, so "make module" rebuilds them again afterwards.
SPARSE_LOG = build/$$a/sparse.log
sparse: setup
	@st=0; for a in $(ARCHES); do \
		echo "==== $$a: sparse"; mkdir -p build/$$a; \
		$(MAKE) --no-print-directory module-clean; \
		case $$a in riscv) cc=$(CROSS_COMPILE_riscv) ;; \
		*) cc=$(CROSS_COMPILE_arm64) ;; esac; \
		kdir=$$($(KERNEL_SH) $$a) && \
		$(MAKE) -s -C "$$kdir" M=$(CURDIR) ARCH=$$a \
			CROSS_COMPILE=$$cc C=2 \
			CHECK=$(CURDIR)/$(QEMU_DIR)/sparse.sh modules \
			>$(SPARSE_LOG) 2>&1 || st=1; \
		cat $(SPARSE_LOG); \
		grep -qE ': (warning|error):' $(SPARSE_LOG) && st=1; \
		$(MAKE) --no-print-directory module-clean; \
	done; \
	if [ $$st = 0 ]; then echo "sparse: clean"; else echo "sparse: FAILED"; fi; \
	exit $$st

# bench: the module, the tools (axvbench) and KVM, which it compares with:
# kvm.ko where KVM is a module (riscv), nothing where it is built in (arm64).
initramfs-bench: module tools init
	@kdir=$$($(KDIR_CMD)) && kvm=$$kdir/arch/$(ARCH)/kvm/kvm.ko && \
	{ test -f $$kvm || grep -q '^CONFIG_KVM=y' $$kdir/.config || \
		{ echo "make bench: no $$kvm and no CONFIG_KVM=y" >&2; exit 1; }; } && \
	test -x $(B)/tools/bin/axvbench || \
		{ echo "make bench: tools built no $(B)/tools/bin/axvbench" >&2; exit 1; }; \
	$(QEMU_DIR)/initramfs.sh -o $(VB)/initramfs-bench.cpio -i $(B)/init \
		-m $(VB)/axvcpu.ko -T $(B)/tools $$(test -f $$kvm && echo "-k $$kvm")

# BENCH_QEMU goes first so that QEMU_ARGS can override it.
comma := ,
empty :=
space := $(empty) $(empty)
boot-bench: initramfs-bench
	@echo "==== $(ARCH): booting QEMU in bench mode (log: build/$(ARCH)/bench.log)"
	@kdir=$$($(KDIR_CMD)) && KDIR="$$kdir" QEMU_TIMEOUT=$(BENCH_TIMEOUT) \
	TEST_TIMEOUT=$(BENCH_TIMEOUT) QEMU_SMP=$(BENCH_SMP) QUIET=$(QUIET) \
	CMDLINE_EXTRA='axvcpu.bench=$(subst $(space),$(comma),$(strip $(BENCH_ARGS))) $(CMDLINE_EXTRA)' \
	INITRD=$(VB)/initramfs-bench.cpio LOG=$(VB)/bench.log \
	$(QEMU_DIR)/run-qemu.sh $(ARCH) bench $(BENCH_QEMU) $(QEMU_ARGS) || true

# Times are never judged; only a missing or malformed table fails.
bench: setup
	@rm -f $(B)/bench.log $(B)/bench.txt $(B)/bench.csv
	@start=$$(date +%s); $(MAKE) --no-print-directory boot-bench && \
	echo "==== $(ARCH): benchmark table (build/$(ARCH)/bench.txt, bench.csv)" && \
	python3 tools/bench/extract.py $(B)/bench.log $(B)/bench.txt $(B)/bench.csv && \
	echo "==== make bench took $$(( $$(date +%s) - start )) s"

# profile: two bench boots of one row under tools/bench/insn_plugin.c, at
# PROFILE_ITERS and twice as many iterations; tools/bench/profile.py names
# the addresses and prints what one iteration executes, per function.
profile: setup
	@plugin=$(B)/insn_plugin.so; mkdir -p $(B) && \
	cc -Wall -Wextra -Wno-unused-parameter -O2 -shared -fPIC \
		-o $$plugin tools/bench/insn_plugin.c || exit 1; \
	for n in $(PROFILE_ITERS) $$(( $(PROFILE_ITERS) * 2 )); do \
		rm -f $(VB)/profile-$$n.txt; \
		$(MAKE) --no-print-directory boot-bench QUIET=1 \
			BENCH_ARGS="--row $(PROFILE_ROW) --hv $(PROFILE_HV) --iters $$n --reps 1" \
			QEMU_ARGS="-plugin $$plugin,out=$(VB)/profile-$$n.txt $(QEMU_ARGS)" \
			>/dev/null || exit 1; \
		cp $(VB)/bench.log $(VB)/profile-$$n.log; \
		test -s $(VB)/profile-$$n.txt || \
			{ echo "make profile: no counts (see $(VB)/profile-$$n.log)" >&2; exit 1; }; \
	done; \
	kdir=$$($(KDIR_CMD)) && n2=$$(( $(PROFILE_ITERS) * 2 )) && \
	python3 tools/bench/profile.py $(PROFILE_ROW) $(PROFILE_HV) \
		$(VB)/profile-$(PROFILE_ITERS).log $(VB)/profile-$(PROFILE_ITERS).txt \
		$(VB)/profile-$$n2.log $(VB)/profile-$$n2.txt \
		$$kdir/vmlinux $(VB)/axvcpu.ko $(B)/tools/bin/axvbench \
		$(CROSS_COMPILE)

clean: module-clean
	rm -rf build
