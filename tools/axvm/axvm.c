// SPDX-License-Identifier: GPL-2.0
/*
 * axvm: a small VMM on /dev/axvcpu (or /dev/kvm, to compare).
 *
 * Boots a Linux Image with a generated device tree and an optional
 * initramfs, or runs a flat guest binary, with one host thread per vCPU,
 * an SBI console and a 16550 UART.  Exit status: 0 when the guest shuts
 * down or asks for a reset (which axvm does not perform), 1 when it fails,
 * panics or does something axvm cannot handle, 2 for bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "axvm.h"
#include "guest_layout.h"

#define DEFAULT_MEM	(64ULL << 20)
/* How long the console may go on after "Kernel panic" before axvm stops. */
#define PANIC_GRACE	2.0

static const char *prog = "axvm";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s --kernel FILE [--initrd FILE] [--cmdline STRING]\n"
		"            [--mem SIZE] [--cpus N] [--backend axvcpu|kvm]\n"
		"\n"
		"Boot a %s Linux Image (or run a flat guest binary) in a VM.\n"
		"\n"
		"  -k, --kernel FILE     Linux Image, or an axvcpu guest image\n"
		"  -i, --initrd FILE     initramfs for a Linux guest\n"
		"  -c, --cmdline STRING  Linux command line (default \"%s\")\n"
		"  -m, --mem SIZE        guest RAM at %#llx, bytes or with a K, M\n"
		"                        or G suffix (default 64M)\n"
		"  -n, --cpus N          vCPUs, 1 to %d (default 1)\n"
		"  -b, --backend NAME    axvcpu (/dev/axvcpu, default) or kvm\n"
		"                        (/dev/kvm, to compare)\n"
		"      --flat            load FILE as a raw binary at the start\n"
		"                        of RAM, no device tree\n"
		"  -e, --entry ADDR      entry point of a flat binary (default:\n"
		"                        the start of RAM; implies --flat)\n"
		"  -v, --verbose         report vCPU start/stop and unusual exits\n"
		"  -h, --help            show this help\n"
		"\n"
		"The guest's consoles (%s,\n"
		"and the %s UART at %#llx) go to stdout.  A guest kernel panic\n"
		"on the console stops the VM and shows the last console lines.\n"
		"Exit status: 0 after a guest shutdown or reset request, 1 on a\n"
		"guest failure or panic or a VMM error, 2 on bad usage.\n",
		prog, AXV_ARCH_NAME, AXVM_DEFAULT_CMDLINE,
		(unsigned long long)AXVM_RAM_BASE, AXVM_MAX_VCPUS,
		AXVM_CONSOLE_HVC, AXVM_CONSOLE_UART,
		(unsigned long long)AXVM_CONSOLE_UART_BASE);
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
	exit(AXVM_EXIT_USAGE);
}

/* "axvm: <message>" on stderr, after whatever the guest printed. */
void axvm_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

#define fatal(...)					\
do {							\
	axvm_err(__VA_ARGS__);				\
	exit(AXVM_EXIT_FAIL);				\
} while (0)

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

uint64_t axvm_page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? (uint64_t)ps : 4096;
}

void *axvm_gpa_to_hva(struct axvm *m, uint64_t gpa, uint64_t len)
{
	if (gpa < m->ram_base || len > m->ram_size ||
	    gpa - m->ram_base > m->ram_size - len)
		return NULL;
	return (char *)m->ram + (gpa - m->ram_base);
}

/*
 * Read @path whole.  On error print why and return NULL.  An empty file is
 * an error: no kernel or initrd is empty.
 */
void *axvm_read_file(const char *what, const char *path, uint64_t max,
		     size_t *lenp)
{
	struct stat st;
	size_t len, done = 0;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		axvm_err("cannot open %s '%s': %s", what, path,
			 strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		axvm_err("%s '%s' is not a regular file", what, path);
		goto err_close;
	}
	if (!st.st_size) {
		axvm_err("%s '%s' is empty", what, path);
		goto err_close;
	}
	if ((uint64_t)st.st_size > max) {
		axvm_err("%s '%s' (%lld bytes) does not fit in %llu bytes of guest RAM",
			 what, path, (long long)st.st_size,
			 (unsigned long long)max);
		goto err_close;
	}
	len = st.st_size;
	buf = malloc(len);
	if (!buf) {
		axvm_err("no memory for %s '%s'", what, path);
		goto err_close;
	}
	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);

		if (n <= 0) {
			axvm_err("cannot read %s '%s': %s", what, path,
				 n < 0 ? strerror(errno) : "file shrank");
			free(buf);
			goto err_close;
		}
		done += n;
	}
	close(fd);
	*lenp = len;
	return buf;

err_close:
	close(fd);
	return NULL;
}

/* An image built with the guest runtime of tools/guest/$(ARCH)/. */
bool axvm_is_guest_image(const void *buf, size_t len)
{
	uint64_t magic;

	if (len < GUEST_HDR_SIZE)
		return false;
	memcpy(&magic, (const char *)buf + GUEST_HDR_MAGIC, sizeof(magic));
	return magic == GUEST_IMAGE_MAGIC;
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/*
 * Lay out a Linux guest as the riscv and arm64 boot protocols both allow:
 * the Image at RAM + @text_offset (RAM is 2 MiB aligned), the device tree in
 * the last AXVM_FDT_MAX_SIZE bytes of RAM and the initrd, if any, right
 * below it; copy the Image and the initrd in.  @image_size is the header's
 * (0 for "the file's size").  On error print why and return -1.
 */
int axvm_place_linux(struct axvm *m, const void *kbuf, size_t klen,
		     uint64_t text_offset, uint64_t image_size,
		     struct axvm_linux_layout *l)
{
	uint64_t ram_end = m->ram_base + m->ram_size;
	uint64_t page = axvm_page_size();
	size_t ilen = 0;
	void *ibuf;

	memset(l, 0, sizeof(*l));
	if (text_offset >= (1ULL << 32)) {
		axvm_err("'%s': corrupt Image header: text_offset %#llx",
			 m->kernel, (unsigned long long)text_offset);
		return -1;
	}
	if (!image_size)
		image_size = klen;
	if (image_size < klen || image_size >= (1ULL << 40)) {
		axvm_err("'%s': corrupt Image header: image_size %#llx for a file of %zu bytes",
			 m->kernel, (unsigned long long)image_size, klen);
		return -1;
	}
	l->kernel = m->ram_base + text_offset;
	l->kernel_end = l->kernel + align_up(image_size, page);
	if (m->ram_size < AXVM_FDT_MAX_SIZE ||
	    l->kernel_end > ram_end - AXVM_FDT_MAX_SIZE) {
		axvm_err("--mem %lluM is too small for '%s': the kernel alone needs %lluM",
			 (unsigned long long)(m->ram_size >> 20), m->kernel,
			 (unsigned long long)((l->kernel_end + AXVM_FDT_MAX_SIZE -
					       m->ram_base + (2 << 20) - 1) >> 20));
		return -1;
	}
	l->fdt = ram_end - AXVM_FDT_MAX_SIZE;

	if (m->initrd) {
		ibuf = axvm_read_file("initrd", m->initrd, m->ram_size, &ilen);
		if (!ibuf)
			return -1;
		l->initrd_start = (l->fdt - ilen) & ~(page - 1);
		if (ilen > l->fdt - m->ram_base ||
		    l->initrd_start < l->kernel_end) {
			axvm_err("--mem %lluM is too small for '%s' and initrd '%s' (%zu bytes): they need at least %lluM",
				 (unsigned long long)(m->ram_size >> 20),
				 m->kernel, m->initrd, ilen,
				 (unsigned long long)((l->kernel_end - m->ram_base +
						       ilen + AXVM_FDT_MAX_SIZE +
						       2 * page + (1 << 20) - 1) >> 20));
			free(ibuf);
			return -1;
		}
		l->initrd_end = l->initrd_start + ilen;
		memcpy(axvm_gpa_to_hva(m, l->initrd_start, ilen), ibuf, ilen);
		free(ibuf);
	}
	memcpy(axvm_gpa_to_hva(m, l->kernel, klen), kbuf, klen);
	return 0;
}

void axvm_print_linux_layout(const struct axvm_linux_layout *l)
{
	axvm_err("Image at %#llx-%#llx, initrd %#llx-%#llx, device tree at %#llx",
		 (unsigned long long)l->kernel,
		 (unsigned long long)l->kernel_end,
		 (unsigned long long)l->initrd_start,
		 (unsigned long long)l->initrd_end,
		 (unsigned long long)l->fdt);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Ask every vCPU thread to end; the first caller's status is kept. */
void axvm_stop(struct axvm *m, int status)
{
	pthread_mutex_lock(&m->lock);
	if (!m->stopping) {
		m->stopping = true;
		m->status = status;
	}
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

/*
 * The console showed "Kernel panic": stop now if it was the end marker,
 * else after a grace period in which the rest of the report comes out.
 */
void axvm_panic_seen(struct axvm *m, bool end)
{
	pthread_mutex_lock(&m->lock);
	if (!m->panicked) {
		m->panicked = true;
		m->panic_deadline = now() + PANIC_GRACE;
	}
	if (end)
		m->panic_deadline = 0;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

static bool stopping(struct axvm *m)
{
	bool ret;

	pthread_mutex_lock(&m->lock);
	ret = m->stopping;
	pthread_mutex_unlock(&m->lock);
	return ret;
}

static void dump_vcpu(struct axvm_vcpu *v)
{
	fflush(stdout);
	v->m->be->dump(v, stderr);
	fflush(stderr);
}

static enum axvm_action handle_mmio(struct axvm_vcpu *v, struct axvm_exit *e)
{
	struct axvm *m = v->m;

	if (axvm_arch_mmio(v, e))
		return AXVM_CONTINUE;
	if (e->mmio.addr >= AXVM_UART_BASE &&
	    e->mmio.addr - AXVM_UART_BASE < AXVM_UART_SIZE) {
		axvm_uart_access(&m->uart, e->mmio.addr - AXVM_UART_BASE, e);
		return AXVM_CONTINUE;
	}
	axvm_err("vCPU %u: guest %s of %u bytes at %#llx: no device there",
		 v->id, e->mmio.write ? "write" : "read", e->mmio.len,
		 (unsigned long long)e->mmio.addr);
	dump_vcpu(v);
	return AXVM_STOP_ERROR;
}

/* A vCPU that can never run again waits here for the end of the VM. */
static enum axvm_action park(struct axvm_vcpu *v)
{
	struct axvm *m = v->m;

	pthread_mutex_lock(&m->lock);
	if (++m->halted == m->nr_vcpus && !m->stopping) {
		pthread_mutex_unlock(&m->lock);
		axvm_err("every vCPU halted with no interrupt enabled");
		dump_vcpu(v);
		return AXVM_STOP_ERROR;
	}
	while (!m->stopping)
		pthread_cond_wait(&m->cond, &m->lock);
	pthread_mutex_unlock(&m->lock);
	return AXVM_CONTINUE;
}

static enum axvm_action handle_exit(struct axvm_vcpu *v)
{
	struct axvm_exit *e = &v->exit;
	struct axvm *m = v->m;

	switch (e->kind) {
	case AXVM_EXIT_HYPERCALL:
		return axvm_arch_hypercall(v, e);
	case AXVM_EXIT_MMIO:
		return handle_mmio(v, e);
	case AXVM_EXIT_SYSREG:
		/* A register the architecture cannot serve: dump as below. */
		if (axvm_arch_sysreg(v, e) == AXVM_CONTINUE)
			return AXVM_CONTINUE;
		break;
	case AXVM_EXIT_INTR:
		return AXVM_CONTINUE;
	case AXVM_EXIT_CPU_UP:
		if (m->verbose)
			axvm_err("vCPU %u starts vCPU %llu at %#llx", v->id,
				 (unsigned long long)e->cpu_up.target,
				 (unsigned long long)e->cpu_up.entry);
		return AXVM_CONTINUE;
	case AXVM_EXIT_CPU_DOWN:
		/* The next RUN sleeps until another vCPU starts this one. */
		if (m->verbose)
			axvm_err("vCPU %u stopped", v->id);
		return AXVM_CONTINUE;
	case AXVM_EXIT_SYSTEM_DOWN:
		fflush(stdout);
		if (e->system_down.type == AXVCPU_SYSTEM_SHUTDOWN) {
			if (axvm_arch_shutdown_failed(e)) {
				axvm_err("guest shut down reporting a system failure (reason %#llx)",
					 (unsigned long long)e->system_down.reason);
				return AXVM_STOP_ERROR;
			}
			if (m->verbose)
				axvm_err("guest shut down");
			return AXVM_STOP_OK;
		}
		axvm_err("guest asked for a %s reset (reason %#llx); resets are not supported, stopping",
			 e->system_down.type == AXVCPU_SYSTEM_RESET_COLD ?
			 "cold" : "warm",
			 (unsigned long long)e->system_down.reason);
		return AXVM_STOP_OK;
	case AXVM_EXIT_HALT:
		if (m->verbose)
			axvm_err("vCPU %u halted with no interrupt enabled",
				 v->id);
		return park(v);
	default:
		break;
	}
	axvm_err("unhandled exit from vCPU %u:", v->id);
	dump_vcpu(v);
	return AXVM_STOP_ERROR;
}

static void *vcpu_thread(void *arg)
{
	struct axvm_vcpu *v = arg;
	struct axvm *m = v->m;
	char name[16];

	/* For top -H, gdb and the host's own hung-task reports. */
	snprintf(name, sizeof(name), "axvm-vcpu%u", v->id);
	pthread_setname_np(pthread_self(), name);

	while (!stopping(m)) {
		enum axvm_action action;
		int ret;

		ret = m->be->run(v);
		if (ret == -EINTR || ret == -EAGAIN)
			continue;
		if (ret < 0) {
			axvm_err("vCPU %u: RUN failed: %s", v->id,
				 strerror(-ret));
			dump_vcpu(v);
			axvm_stop(m, AXVM_EXIT_FAIL);
			break;
		}
		action = handle_exit(v);
		if (action == AXVM_STOP_OK)
			axvm_stop(m, AXVM_EXIT_OK);
		else if (action == AXVM_STOP_ERROR)
			axvm_stop(m, AXVM_EXIT_FAIL);
	}
	return NULL;
}

/* Only there to make a blocking RUN return EINTR. */
static void on_kick(int sig)
{
	(void)sig;
}

/*
 * Put --kernel into guest RAM: a Linux Image by its architecture's rules, a
 * guest image (or, with --flat, anything) at the start of RAM with vCPU 0
 * entering it at --entry.  0, or -1 after printing why.
 */
static int load(struct axvm *m)
{
	size_t len;
	void *buf;
	int ret = -1;

	buf = axvm_read_file("kernel", m->kernel, m->ram_size, &len);
	if (!buf)
		return -1;

	if (!m->flat && axvm_arch_is_linux_image(buf, len)) {
		m->linux_guest = true;
		ret = axvm_arch_load_linux(m, buf, len);
		goto out;
	}
	if (!m->flat && !axvm_is_guest_image(buf, len)) {
		axvm_err("'%s' is neither %s nor an axvcpu guest image; use --flat for a raw binary",
			 m->kernel, axvm_arch_linux_image);
		goto out;
	}
	if (m->initrd || m->cmdline) {
		axvm_err("'%s' is not a Linux Image: --initrd and --cmdline do not apply",
			 m->kernel);
		goto out;
	}
	if (axvm_arch_check_flat(m))
		goto out;

	/* The first argument register is the hart id (riscv) or 0. */
	memcpy(m->ram, buf, len);
	ret = m->be->set_boot_regs(&m->vcpus[0], m->entry, 0, 0);
	if (ret < 0) {
		axvm_err("cannot set the boot registers: %s", strerror(-ret));
		ret = -1;
	}
out:
	free(buf);
	return ret;
}

static void setup_vm(struct axvm *m, uint64_t mem)
{
	uint64_t ps = axvm_page_size();
	unsigned int i;
	int ret;

	/* The files first: they are the likeliest thing to be wrong. */
	if (access(m->kernel, R_OK) < 0)
		fatal("cannot read kernel '%s': %s", m->kernel,
		      strerror(errno));
	if (m->initrd && access(m->initrd, R_OK) < 0)
		fatal("cannot read initrd '%s': %s", m->initrd,
		      strerror(errno));
	if (mem % ps)
		fatal("--mem %llu is not a multiple of the page size (%llu)",
		      (unsigned long long)mem, (unsigned long long)ps);

	ret = m->be->create_vm(m);
	if (ret < 0)
		fatal("cannot open %s: %s%s", m->be->device, strerror(-ret),
		      ret == -ENOENT ? (m->be == &axvm_kvm_backend ?
					" (is kvm.ko loaded?)" :
					" (is the axvcpu module loaded?)") : "");

	m->ram_base = AXVM_RAM_BASE;
	m->ram_size = mem;
	m->ram = mmap(NULL, mem, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->ram == MAP_FAILED)
		fatal("cannot allocate %llu bytes of guest RAM: %s",
		      (unsigned long long)mem, strerror(errno));
	ret = m->be->add_ram(m, 0, m->ram_base, mem, m->ram);
	if (ret < 0)
		fatal("cannot set up %llu bytes of guest RAM at %#llx: %s",
		      (unsigned long long)mem,
		      (unsigned long long)m->ram_base, strerror(-ret));

	for (i = 0; i < m->nr_vcpus; i++) {
		struct axvm_vcpu *v = &m->vcpus[i];

		v->m = m;
		v->id = i;
		v->fd = -1;
		ret = m->be->create_vcpu(m, v);
		if (ret < 0)
			fatal("cannot create vCPU %u: %s", i, strerror(-ret));
	}
	if (m->be->setup_irqchip) {
		ret = m->be->setup_irqchip(m);
		if (ret < 0)
			fatal("cannot set up the interrupt controller of %s: %s",
			      m->be->device, strerror(-ret));
	}

	axvm_uart_init(&m->uart);
	/* The load sets up the devices the console's input thread calls. */
	if (load(m))
		exit(AXVM_EXIT_FAIL);
	axvm_console_init(m);
}

static int run_vm(struct axvm *m)
{
	struct sigaction sa = { .sa_handler = on_kick };
	unsigned int i;
	int ret;

	/* No SA_RESTART: the kick must end a blocking RUN. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	for (i = 0; i < m->nr_vcpus; i++) {
		struct axvm_vcpu *v = &m->vcpus[i];

		ret = pthread_create(&v->thread, NULL, vcpu_thread, v);
		if (ret) {
			axvm_err("cannot start the thread of vCPU %u: %s", i,
				 strerror(ret));
			axvm_stop(m, AXVM_EXIT_FAIL);
			break;
		}
		v->started = true;
	}

	pthread_mutex_lock(&m->lock);
	while (!m->stopping) {
		if (m->panicked) {
			struct timespec ts;
			double left = m->panic_deadline - now();

			if (left <= 0) {
				m->stopping = true;
				m->status = AXVM_EXIT_FAIL;
				break;
			}
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += (time_t)left;
			ts.tv_nsec += (long)((left - (time_t)left) * 1e9);
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&m->cond, &m->lock, &ts);
		} else {
			pthread_cond_wait(&m->cond, &m->lock);
		}
	}
	pthread_mutex_unlock(&m->lock);

	/*
	 * Get every thread out of RUN: immediate_exit covers a thread that
	 * is about to enter it, the signal one that sleeps in it.
	 */
	for (i = 0; i < m->nr_vcpus; i++) {
		struct axvm_vcpu *v = &m->vcpus[i];

		if (!v->started)
			continue;
		m->be->kick(v);
		pthread_kill(v->thread, SIGUSR1);
	}
	for (i = 0; i < m->nr_vcpus; i++)
		if (m->vcpus[i].started)
			pthread_join(m->vcpus[i].thread, NULL);

	fflush(stdout);
	if (m->panicked) {
		fprintf(stderr, "%s: guest kernel panic; last console lines:\n",
			prog);
		axvm_console_dump_tail(stderr);
		return AXVM_EXIT_FAIL;
	}
	/* Linux says something early; silence points at the Image itself. */
	if (m->status != AXVM_EXIT_OK && m->linux_guest &&
	    !axvm_console_used())
		axvm_err("the guest failed before printing anything: is '%s' a complete %s Image built for this machine?",
			 m->kernel, AXV_ARCH_NAME);
	return m->status;
}

int main(int argc, char **argv)
{
	enum { OPT_FLAT = 256 };
	static const struct option opts[] = {
		{ "kernel",  required_argument, NULL, 'k' },
		{ "initrd",  required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "mem",     required_argument, NULL, 'm' },
		{ "cpus",    required_argument, NULL, 'n' },
		{ "backend", required_argument, NULL, 'b' },
		{ "entry",   required_argument, NULL, 'e' },
		{ "flat",    no_argument,       NULL, OPT_FLAT },
		{ "verbose", no_argument,       NULL, 'v' },
		{ "help",    no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct axvm m = {
		.be = &axvm_axvcpu_backend,
		.nr_vcpus = 1,
		.kvm_fd = -1,
		.vgic_fd = -1,
		.vm_fd = -1,
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
	};
	uint64_t mem = DEFAULT_MEM, n;
	int opt;

	if (argc > 0 && argv[0] && *argv[0]) {
		prog = strrchr(argv[0], '/');
		prog = prog ? prog + 1 : argv[0];
	}
	m.entry = AXVM_RAM_BASE;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":k:i:c:m:n:b:e:vh", opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'k':
			m.kernel = optarg;
			break;
		case 'i':
			m.initrd = optarg;
			break;
		case 'c':
			m.cmdline = optarg;
			break;
		case 'm':
			if (parse_u64(optarg, 1, &mem) || !mem)
				usage_error("invalid --mem size '%s'", optarg);
			/* Keep RAM inside any plausible guest address space. */
			if (mem > (1ULL << 40))
				usage_error("--mem %s is too large", optarg);
			break;
		case 'n':
			if (parse_u64(optarg, 0, &n) || !n ||
			    n > AXVM_MAX_VCPUS)
				usage_error("invalid --cpus '%s' (1 to %d)",
					    optarg, AXVM_MAX_VCPUS);
			m.nr_vcpus = n;
			break;
		case 'b':
			if (!strcmp(optarg, "axvcpu"))
				m.be = &axvm_axvcpu_backend;
			else if (!strcmp(optarg, "kvm"))
				m.be = &axvm_kvm_backend;
			else
				usage_error("unknown --backend '%s' (axvcpu or kvm)",
					    optarg);
			break;
		case 'e':
			if (parse_u64(optarg, 0, &m.entry))
				usage_error("invalid --entry address '%s'",
					    optarg);
			m.have_entry = true;
			m.flat = true;
			break;
		case OPT_FLAT:
			m.flat = true;
			break;
		case 'v':
			m.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return AXVM_EXIT_OK;
		case ':':
			usage_error("option '%s' needs an argument",
				    argv[optind - 1]);
		default:
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (!m.kernel)
		usage_error("no --kernel given");
	if (m.have_entry && (m.entry < AXVM_RAM_BASE ||
			     m.entry - AXVM_RAM_BASE >= mem))
		usage_error("--entry %#llx is outside guest RAM [%#llx, %#llx)",
			    (unsigned long long)m.entry,
			    (unsigned long long)AXVM_RAM_BASE,
			    (unsigned long long)(AXVM_RAM_BASE + mem));
	if (m.flat && (m.initrd || m.cmdline))
		usage_error("--initrd and --cmdline need a Linux kernel, not --flat");

	setup_vm(&m, mem);
	return run_vm(&m);
}
