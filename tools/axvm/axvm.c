// SPDX-License-Identifier: GPL-2.0
/*
 * axvm: a minimal VMM on /dev/axvcpu.
 *
 * Loads a flat binary at the start of guest RAM, runs one vCPU and serves
 * its console until the guest shuts down.  Exit status: 0 when the guest
 * shuts down (or asks for a reset, which axvm does not do), 1 when it fails
 * or does something axvm cannot handle, 2 for bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "axvm.h"

#define DEFAULT_MEM	(64ULL << 20)
#define EXIT_USAGE	2

static const char *prog = "axvm";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s --kernel FILE [--mem SIZE] [--entry ADDR]\n"
		"\n"
		"Run the flat binary FILE in a one-vCPU axvcpu VM.\n"
		"\n"
		"  -k, --kernel FILE   image loaded at the start of RAM (%#llx)\n"
		"  -m, --mem SIZE      guest RAM, bytes or with a K, M or G suffix\n"
		"                      (default 64M)\n"
		"  -e, --entry ADDR    guest physical entry point (default: the\n"
		"                      start of RAM)\n"
		"  -h, --help          show this help\n"
		"\n"
		"The guest's console (SBI debug console or legacy putchar) goes\n"
		"to stdout.  Exit status: 0 after a guest shutdown, 1 on a guest\n"
		"or VMM error, 2 on bad usage.\n",
		prog, (unsigned long long)AXVM_RAM_BASE);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
	exit(EXIT_USAGE);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

/* Parse a number with an optional K/M/G suffix; 0 on success. */
static int parse_u64(const char *s, int suffixes, uint64_t *out)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (suffixes && *end) {
		switch (*end) {
		case 'k':
		case 'K':
			shift = 10;
			break;
		case 'm':
		case 'M':
			shift = 20;
			break;
		case 'g':
		case 'G':
			shift = 30;
			break;
		default:
			return -1;
		}
		end++;
		if (*end == 'i' || *end == 'B')	/* allow "64MiB", "64MB" */
			end++;
		if (*end == 'B')
			end++;
	}
	if (*end)
		return -1;
	if (shift && v > (ULLONG_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

static void dump_vcpu(struct axvm *m)
{
	struct axvcpu_regs regs;
	int ret;

	axv_dump_exit(stderr, m->vcpu.run);
	ret = __axv_get_regs(&m->vcpu, &regs);
	if (ret < 0) {
		fprintf(stderr, "%s: (cannot read registers: %s)\n", prog,
			strerror(-ret));
		return;
	}
	axv_arch_dump_regs(stderr, &regs);
}

static enum axvm_action handle_exit(struct axvm *m)
{
	struct axvcpu_run *run = m->vcpu.run;

	switch (run->exit_reason) {
	case AXVCPU_EXIT_HYPERCALL:
		return axvm_arch_hypercall(m, run);
	case AXVCPU_EXIT_INTR:
		return AXVM_CONTINUE;
	case AXVCPU_EXIT_SYSTEM_DOWN:
		fflush(stdout);
		switch (run->system_down.type) {
		case AXVCPU_SYSTEM_SHUTDOWN:
			if (axvm_arch_shutdown_failed(run)) {
				fprintf(stderr,
					"%s: guest shut down reporting a system failure (reason %#x)\n",
					prog, run->system_down.reason);
				return AXVM_STOP_ERROR;
			}
			return AXVM_STOP_OK;
		case AXVCPU_SYSTEM_RESET_COLD:
		case AXVCPU_SYSTEM_RESET_WARM:
			fprintf(stderr,
				"%s: guest asked for a %s reset (reason %#x); resets are not supported, stopping\n",
				prog,
				run->system_down.type == AXVCPU_SYSTEM_RESET_COLD ?
				"cold" : "warm", run->system_down.reason);
			return AXVM_STOP_OK;
		default:
			break;
		}
		break;
	case AXVCPU_EXIT_HALT:
		/* No device can raise an interrupt: it would sleep forever. */
		fprintf(stderr,
			"%s: guest halted with no interrupt enabled\n", prog);
		break;
	case AXVCPU_EXIT_MMIO_READ:
	case AXVCPU_EXIT_MMIO_WRITE:
		fprintf(stderr, "%s: guest MMIO access, but axvm has no devices\n",
			prog);
		break;
	default:
		break;
	}

	fflush(stdout);
	fprintf(stderr, "%s: unhandled exit from vCPU %u: ", prog,
		m->vcpu.id);
	dump_vcpu(m);
	return AXVM_STOP_ERROR;
}

static void setup_vm(struct axvm *m, const char *kernel, uint64_t mem,
		     uint64_t entry)
{
	struct stat st;
	long page_size;
	size_t len;
	int ret;

	/* Check the file first: it is the likeliest thing to be wrong. */
	if (stat(kernel, &st) < 0)
		fatal("cannot open '%s': %s", kernel, strerror(errno));
	if (S_ISDIR(st.st_mode))
		fatal("'%s' is a directory", kernel);
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > mem)
		fatal("'%s' (%lld bytes) does not fit in %llu bytes of guest RAM",
		      kernel, (long long)st.st_size, (unsigned long long)mem);

	page_size = sysconf(_SC_PAGESIZE);
	if (page_size > 0 && mem % page_size)
		fatal("--mem %llu is not a multiple of the page size (%ld)",
		      (unsigned long long)mem, page_size);

	ret = __axv_vm_open(&m->vm);
	if (ret < 0)
		fatal("cannot open %s: %s%s", AXV_DEVICE, strerror(-ret),
		      ret == -ENOENT ? " (is the axvcpu module loaded?)" : "");

	m->ram_base = AXVM_RAM_BASE;
	m->ram_size = mem;
	m->ram = __axv_add_ram(&m->vm, 0, m->ram_base, mem, &ret);
	if (!m->ram)
		fatal("cannot set up %llu bytes of guest RAM at %#llx: %s",
		      (unsigned long long)mem,
		      (unsigned long long)m->ram_base, strerror(-ret));

	ret = axv_load_file(&m->vm, m->ram_base, kernel, &len);
	if (ret == -EFBIG)
		fatal("'%s' does not fit in %llu bytes of guest RAM", kernel,
		      (unsigned long long)mem);
	if (ret == -ENODATA)
		fatal("'%s' is empty", kernel);
	if (ret < 0)
		fatal("cannot load '%s': %s", kernel, strerror(-ret));

	ret = __axv_vcpu_create(&m->vm, 0, &m->vcpu);
	if (ret < 0)
		fatal("cannot create vCPU 0: %s", strerror(-ret));

	ret = axvm_arch_setup_boot_vcpu(m, entry);
	if (ret < 0)
		fatal("cannot set the boot registers: %s", strerror(-ret));
}

static int run_vm(struct axvm *m)
{
	for (;;) {
		enum axvm_action action;
		int ret;

		ret = axv_vcpu_run(&m->vcpu);
		if (ret == -EINTR)
			continue;
		if (ret < 0) {
			fflush(stdout);
			fprintf(stderr, "%s: AXVCPU_RUN failed: %s\n", prog,
				strerror(-ret));
			dump_vcpu(m);
			return EXIT_FAILURE;
		}

		action = handle_exit(m);
		if (action == AXVM_STOP_OK)
			return EXIT_SUCCESS;
		if (action == AXVM_STOP_ERROR)
			return EXIT_FAILURE;
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "mem",    required_argument, NULL, 'm' },
		{ "entry",  required_argument, NULL, 'e' },
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t mem = DEFAULT_MEM, entry = AXVM_RAM_BASE;
	const char *kernel = NULL;
	struct axvm m = { 0 };
	int have_entry = 0;
	int opt, status;

	if (argc > 0 && argv[0] && *argv[0]) {
		prog = strrchr(argv[0], '/');
		prog = prog ? prog + 1 : argv[0];
	}

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":k:m:e:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			kernel = optarg;
			break;
		case 'm':
			if (parse_u64(optarg, 1, &mem) || !mem)
				usage_error("invalid --mem size '%s'", optarg);
			/* Keep RAM inside any plausible guest address space. */
			if (mem > (1ULL << 40))
				usage_error("--mem %s is too large", optarg);
			break;
		case 'e':
			if (parse_u64(optarg, 0, &entry))
				usage_error("invalid --entry address '%s'",
					    optarg);
			have_entry = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case ':':
			usage_error("option '%s' needs an argument",
				    argv[optind - 1]);
		default:
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (!kernel)
		usage_error("no --kernel given");
	if (have_entry && (entry < AXVM_RAM_BASE ||
			   entry - AXVM_RAM_BASE >= mem))
		usage_error("--entry %#llx is outside guest RAM [%#llx, %#llx)",
			    (unsigned long long)entry,
			    (unsigned long long)AXVM_RAM_BASE,
			    (unsigned long long)(AXVM_RAM_BASE + mem));

	setup_vm(&m, kernel, mem, entry);
	status = run_vm(&m);
	fflush(stdout);
	return status;
}
