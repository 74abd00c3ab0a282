// SPDX-License-Identifier: GPL-2.0
/*
 * axvm, the VMM, as a user runs it: a Linux guest (the host kernel's own
 * Image with the initramfs of tools/guest/linux/) boots to its /init and
 * powers off with 1 and 2 vCPUs under axvcpu and under KVM (and with 4,
 * more than the host has, under axvcpu); a guest kernel panic is reported
 * with its last console lines; bad input gets a message and a non-zero
 * exit status, never a crash.  On arm64 the guest's interrupts (timer,
 * IPIs, UART) go through axvm's emulated GICv3 under axvcpu and through
 * KVM's in-kernel vGICv3 under KVM.
 *
 * Every case runs /bin/axvm as a child process and judges its exit status
 * and its output (stdout and stderr together).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"

#define AXVM		"/bin/axvm"
#define IMAGE		"/guest/linux/Image"
#define INITRD		"/guest/linux/initramfs.cpio"
#define HELLO		"/guest/hello.bin"
#define GUEST_MEM	"64M"

/* Seconds for one Linux boot (a few under TCG) and for a bad input. */
#define BOOT_TIMEOUT	120
#define QUICK_TIMEOUT	30
/* Seconds from the guest's cue to the input that answers it. */
#define INPUT_DELAY	2

#define LINE_INIT	"axvm-guest: init running, "
#define LINE_ROUNDS_OK	"axvm-guest: ipi and remote fence rounds: OK"
#define LINE_POWEROFF	"axvm-guest: powering off"
#define LINE_READING	"axvm-guest: reading console input"

/*
 * The consoles: axvm's default command line (its UART) and another one
 * the guest can use, and what a flat guest says.
 */
#ifdef __aarch64__
#define ARCH_NAME	"arm64"
#define ARCH_ARTICLE	"n"
#define CONSOLE_UART	"console=ttyAMA0"
#define CONSOLE_OTHER	"console=ttyAMA0,115200"
#define HELLO_LINE	"Hello from an axvcpu guest! (cpu 0)"
/* KVM answers the flat guests' putchar HVC itself: axvm refuses them. */
#define KVM_RUNS_FLAT	0
#else
#define ARCH_NAME	"riscv64"
#define ARCH_ARTICLE	""
#define CONSOLE_UART	"console=ttyS0,115200"
#define CONSOLE_OTHER	"console=hvc0"
#define HELLO_LINE	"Hello from an axvcpu guest! (hart 0)"
#define KVM_RUNS_FLAT	1
#endif

/* Image header fields at the same offsets on arm64 and riscv. */
#define HDR_TEXT_OFFSET	8
#define HDR_IMAGE_SIZE	16
/* axvm's device tree and page size, as it lays out guest RAM. */
#define FDT_SPACE	0x10000ULL
#define PAGE		4096ULL

struct result {
	int status;		/* exit status; -1 killed or not run */
	int signal;		/* terminating signal, 0 if none */
	bool timed_out;
	double secs;
	char *out;		/* stdout and stderr, NUL terminated */
	size_t len;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void append(struct result *r, const char *buf, size_t n)
{
	char *p = realloc(r->out, r->len + n + 1);

	if (!p)
		return;
	memcpy(p + r->len, buf, n);
	r->out = p;
	r->len += n;
	r->out[r->len] = '\0';
}

static bool has(const struct result *r, const char *s)
{
	return r->out && strstr(r->out, s);
}

/*
 * Run axvm with @argv (NULL terminated, argv[0] included).  With @input,
 * its stdin is a pipe that gets @input INPUT_DELAY seconds after @after
 * appeared in its output (a UART drops what arrives before the guest
 * opens it, as hardware does, and the guest should be done with its
 * output by then); without, it inherits stdin.
 */
static void run_axvm_input(struct result *r, const char *const argv[],
			   int timeout, const char *input, const char *after)
{
	double start = now(), end = start + timeout, due = 0;
	int fds[2], in[2] = { -1, -1 }, st = 0;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	r->out = calloc(1, 1);
	if (pipe(fds) || (input && pipe(in)))
		return;
	/* axvm may be gone by the time the input is due. */
	signal(SIGPIPE, SIG_IGN);
	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		if (input) {
			dup2(in[0], STDIN_FILENO);
			close(in[0]);
			close(in[1]);
		}
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	if (input)
		close(in[0]);
	for (;;) {
		struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
		double left = end - now();
		char buf[4096];
		ssize_t n;

		if (left <= 0) {
			r->timed_out = true;
			kill(pid, SIGKILL);
			break;
		}
		if (in[1] >= 0 && due && due - now() < left)
			left = due - now();
		n = 0;
		if (poll(&pfd, 1, left > 0 ? (int)(left * 1000) + 1 : 0) > 0) {
			n = read(fds[0], buf, sizeof(buf));
			if (n <= 0)
				break;
			append(r, buf, n);
		}
		if (in[1] >= 0 && !due && has(r, after))
			due = now() + INPUT_DELAY;
		/* Small enough for the pipe: written at once. */
		if (in[1] >= 0 && due && now() >= due) {
			if (write(in[1], input, strlen(input)) < 0)
				break;
			close(in[1]);
			in[1] = -1;
		}
	}
	if (in[1] >= 0)
		close(in[1]);
	close(fds[0]);
	waitpid(pid, &st, 0);
	r->secs = now() - start;
	if (WIFEXITED(st))
		r->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		r->signal = WTERMSIG(st);
}

static void run_axvm(struct result *r, const char *const argv[], int timeout)
{
	run_axvm_input(r, argv, timeout, NULL, NULL);
}

/* The last @n lines of the output as TAP diagnostics, for failures. */
static void show_tail(const struct result *r, int n)
{
	const char *p = r->out + r->len, *end;

	if (p > r->out && p[-1] == '\n')
		p--;
	while (p > r->out && n) {
		p--;
		if (*p == '\n')
			n--;
	}
	if (*p == '\n')
		p++;
	for (; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, '\n');
		fprintf(stderr, "#   | %.*s\n", (int)(end - p), p);
	}
}

#define ASSERT_OUTPUT_HAS(r, s)						\
	ASSERT_TRUE(has(r, s)) {					\
		TH_LOG("no \"%s\" in axvm's output; it ended with:", s);	\
		show_tail(r, 25);					\
	}

/* axvm ended by itself, with @want as its status. */
#define ASSERT_STATUS(r, want)						\
do {									\
	ASSERT_FALSE((r)->timed_out) {					\
		TH_LOG("axvm did not end within its time limit; output:"); \
		show_tail(r, 25);					\
	}								\
	ASSERT_EQ(0, (r)->signal) {					\
		TH_LOG("axvm was killed by signal %d (%s); output:",	\
		       (r)->signal, strsignal((r)->signal));		\
		show_tail(r, 25);					\
	}								\
	ASSERT_EQ(want, (r)->status) {					\
		TH_LOG("axvm exit status %d, want %d; output:",		\
		       (r)->status, want);				\
		show_tail(r, 25);					\
	}								\
} while (0)

static bool have_file(const char *path)
{
	return access(path, R_OK) == 0;
}

#define REQUIRE_GUEST()							\
do {									\
	if (!have_file(AXVM) || !have_file(IMAGE) || !have_file(INITRD)) \
		SKIP(return, "needs %s, %s and %s", AXVM, IMAGE, INITRD); \
} while (0)

/* /dev/kvm exists (riscv: kvm.ko loaded); 0 or -errno. */
static int kvm_load(void)
{
	int fd = test_kvm_open();

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* A test on @backend needs /dev/kvm (riscv: kvm.ko; arm64 has KVM=y). */
#define REQUIRE_BACKEND(backend)					\
do {									\
	if (!strcmp(backend, "kvm")) {					\
		int __ret = kvm_load();					\
									\
		ASSERT_EQ(0, __ret) {					\
			TH_LOG("loading %s: %s", TEST_KVM_MODULE,	\
			       strerror(-__ret));			\
		}							\
	}								\
} while (0)

/*
 * Boot the guest with @cpus vCPUs on @backend, @cmdline (NULL: axvm's
 * default) and check that it reached /init, saw all its CPUs, ran its
 * cross-CPU rounds and powered off, ending axvm with status 0.
 */
static void boot_linux(struct __test_metadata *_metadata, const char *backend,
		       const char *cpus, const char *cmdline,
		       const char *want_cmdline)
{
	const char *argv[16] = {
		AXVM, "--kernel", IMAGE, "--initrd", INITRD, "--mem", GUEST_MEM,
		"--cpus", cpus, "--backend", backend,
	};
	char want[256];
	struct result r;
	int i = 11;

	REQUIRE_GUEST();
	REQUIRE_BACKEND(backend);
	if (cmdline) {
		argv[i++] = "--cmdline";
		argv[i++] = cmdline;
	}
	argv[i] = NULL;

	run_axvm(&r, argv, BOOT_TIMEOUT);
	ASSERT_STATUS(&r, 0);
	snprintf(want, sizeof(want), LINE_INIT "%s cpus online, cmdline: %s",
		 cpus, want_cmdline);
	ASSERT_OUTPUT_HAS(&r, want);
	ASSERT_OUTPUT_HAS(&r, LINE_ROUNDS_OK);
	ASSERT_OUTPUT_HAS(&r, LINE_POWEROFF);
	/* The figure that "make check" logs for comparison. */
	TH_LOG("boot to poweroff: %.2f s (%s, %s vCPU(s), %s)", r.secs,
	       backend, cpus, GUEST_MEM);
	free(r.out);
}

/* No state: only for the harness's per-test timeouts. */
FIXTURE(guest) {
	int unused;
};

FIXTURE_SETUP(guest)
{
}

FIXTURE_TEARDOWN(guest)
{
}

/*
 * A command line of our own, with the other console (riscv: the SBI
 * console, hvc0; arm64: the PL011 still, which is all it has).
 */
TEST_F_TIMEOUT(guest, axvcpu_1cpu_own_cmdline, BOOT_TIMEOUT + 30)
{
	boot_linux(_metadata, "axvcpu", "1", CONSOLE_OTHER " axvm_test=1",
		   CONSOLE_OTHER " axvm_test=1");
}

/* axvm's default command line: the UART (riscv 16550, arm64 PL011). */
TEST_F_TIMEOUT(guest, axvcpu_2cpu_uart_console, BOOT_TIMEOUT + 30)
{
	boot_linux(_metadata, "axvcpu", "2", NULL, CONSOLE_UART);
}

/* More vCPUs than host CPUs: every thread must still get its turn. */
TEST_F_TIMEOUT(guest, axvcpu_4cpu_uart_console, BOOT_TIMEOUT + 30)
{
	boot_linux(_metadata, "axvcpu", "4", NULL, CONSOLE_UART);
}

TEST_F_TIMEOUT(guest, kvm_1cpu_own_cmdline, BOOT_TIMEOUT + 30)
{
	boot_linux(_metadata, "kvm", "1", CONSOLE_OTHER " axvm_test=1",
		   CONSOLE_OTHER " axvm_test=1");
}

TEST_F_TIMEOUT(guest, kvm_2cpu_uart_console, BOOT_TIMEOUT + 30)
{
	boot_linux(_metadata, "kvm", "2", NULL, CONSOLE_UART);
}

/* A reboot (SBI SRST, PSCI SYSTEM_RESET: cold) ends axvm like a shutdown. */
static void reboot_ends_vm(struct __test_metadata *_metadata,
			   const char *backend)
{
	const char *const argv[] = {
		AXVM, "--kernel", IMAGE, "--initrd", INITRD, "--mem", GUEST_MEM,
		"--cmdline", CONSOLE_OTHER " axvm_guest.reboot",
		"--backend", backend, NULL,
	};
	struct result r;

	REQUIRE_GUEST();
	REQUIRE_BACKEND(backend);
	run_axvm(&r, argv, BOOT_TIMEOUT);
	ASSERT_STATUS(&r, 0);
	ASSERT_OUTPUT_HAS(&r, "axvm-guest: rebooting");
	ASSERT_OUTPUT_HAS(&r, "axvm: guest asked for a cold reset");
	free(r.out);
}

TEST_F_TIMEOUT(guest, axvcpu_reboot_ends_vm, BOOT_TIMEOUT + 30)
{
	reboot_ends_vm(_metadata, "axvcpu");
}

/* KVM's KVM_EXIT_SYSTEM_EVENT (RESET) ends axvm the same way. */
TEST_F_TIMEOUT(guest, kvm_reboot_ends_vm, BOOT_TIMEOUT + 30)
{
	reboot_ends_vm(_metadata, "kvm");
}

/*
 * Console input: a line on axvm's stdin reaches the guest's /init through
 * the UART (on arm64 through its receive interrupt, via the GIC: axvm's,
 * or KVM's through KVM_IRQ_LINE).  It is typed while the guest waits and
 * its UART is idle, so that nothing but the input itself can make the
 * guest look at the UART.
 */
static void console_input(struct __test_metadata *_metadata,
			  const char *backend)
{
	const char *const argv[] = {
		AXVM, "--kernel", IMAGE, "--initrd", INITRD, "--mem", GUEST_MEM,
		"--cmdline", CONSOLE_UART " axvm_guest.echo",
		"--backend", backend, NULL,
	};
	struct result r;

	REQUIRE_GUEST();
	REQUIRE_BACKEND(backend);
	run_axvm_input(&r, argv, BOOT_TIMEOUT, "typed-into-axvm\n",
		       LINE_READING);
	ASSERT_STATUS(&r, 0);
	ASSERT_OUTPUT_HAS(&r, "axvm-guest: console input: typed-into-axvm");
	free(r.out);
}

TEST_F_TIMEOUT(guest, console_input_reaches_guest, BOOT_TIMEOUT + 30)
{
	console_input(_metadata, "axvcpu");
}

TEST_F_TIMEOUT(guest, kvm_console_input_reaches_guest, BOOT_TIMEOUT + 30)
{
	console_input(_metadata, "kvm");
}

/*
 * A guest without an init panics; axvm must notice on the console, stop
 * and show the lines before it, with a failure status.
 */
TEST_F_TIMEOUT(guest, panic_is_reported, BOOT_TIMEOUT + 30)
{
	static const char *const argv[] = {
		AXVM, "--kernel", IMAGE, "--initrd", INITRD, "--mem", GUEST_MEM,
		"--cpus", "2", "--cmdline",
		CONSOLE_UART " rdinit=/nonexistent init=/nonexistent",
		NULL,
	};
	struct result r;

	REQUIRE_GUEST();
	run_axvm(&r, argv, BOOT_TIMEOUT);
	ASSERT_STATUS(&r, 1);
	ASSERT_OUTPUT_HAS(&r, "axvm: guest kernel panic; last console lines:");
	/* The panic line itself is among the ones shown. */
	ASSERT_OUTPUT_HAS(&r, "| Kernel panic - not syncing");
	ASSERT_FALSE(has(&r, LINE_INIT));
	TH_LOG("panic reported after %.2f s", r.secs);
	free(r.out);
}

/* Bad input: axvm with @args must end with @status and say @msg. */
static void bad_input(struct __test_metadata *_metadata, int status,
		      const char *msg, const char *const args[])
{
	const char *argv[32] = { AXVM };
	struct result r;
	int i;

	if (!have_file(AXVM))
		SKIP(return, "no %s", AXVM);
	for (i = 0; args[i] && i < 30; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	run_axvm(&r, argv, QUICK_TIMEOUT);
	ASSERT_STATUS(&r, status);
	ASSERT_OUTPUT_HAS(&r, msg);
	free(r.out);
}

#define BAD_INPUT(status, msg, ...)					\
	bad_input(_metadata, status, msg, (const char *[]){ __VA_ARGS__, NULL })

/* Write @len bytes of @data to a fresh file @path. */
static int write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = len ? write(fd, data, len) : 0;
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* The first @len bytes of the guest Image, as a new file. */
static int image_prefix(const char *path, size_t len, void *hdr, size_t hlen)
{
	char *buf = calloc(1, len);
	int fd, ret = -1;

	if (!buf)
		return -1;
	fd = open(IMAGE, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && read(fd, buf, len) == (ssize_t)len) {
		if (hdr)
			memcpy(hdr, buf, hlen);
		ret = write_file(path, buf, len);
	}
	if (fd >= 0)
		close(fd);
	free(buf);
	return ret;
}

TEST(usage_errors)
{
	BAD_INPUT(2, "no --kernel given", "--mem", "64M");
	BAD_INPUT(2, "unknown option '--frobnicate'", "--frobnicate");
	BAD_INPUT(2, "needs an argument", "--kernel");
	BAD_INPUT(2, "invalid --mem size '12Q'", "--kernel", IMAGE,
		  "--mem", "12Q");
	BAD_INPUT(2, "invalid --mem size '0'", "--kernel", IMAGE, "--mem", "0");
	BAD_INPUT(2, "invalid --cpus '0'", "--kernel", IMAGE, "--cpus", "0");
	BAD_INPUT(2, "invalid --cpus '17'", "--kernel", IMAGE, "--cpus", "17");
	BAD_INPUT(2, "invalid --cpus 'two'", "--kernel", IMAGE, "--cpus",
		  "two");
	BAD_INPUT(2, "unknown --backend 'xen'", "--kernel", IMAGE,
		  "--backend", "xen");
	BAD_INPUT(2, "unexpected argument 'extra'", "--kernel", IMAGE,
		  "extra");
}

TEST(missing_files)
{
	BAD_INPUT(1, "cannot read kernel '/nonexistent': No such file",
		  "--kernel", "/nonexistent");
	BAD_INPUT(1, "kernel '/guest' is not a regular file", "--kernel",
		  "/guest");
	BAD_INPUT(1, "cannot read initrd '/nonexistent': No such file",
		  "--kernel", IMAGE, "--initrd", "/nonexistent");
}

TEST(corrupt_kernels)
{
	static const char garbage[4096] = "this is not a kernel";
	unsigned char hdr[64];

	ASSERT_EQ(0, write_file("/tmp/axvm-empty", "", 0));
	BAD_INPUT(1, "kernel '/tmp/axvm-empty' is empty", "--kernel",
		  "/tmp/axvm-empty");
	ASSERT_EQ(0, write_file("/tmp/axvm-garbage", garbage,
				sizeof(garbage)));
	BAD_INPUT(1, "is neither a" ARCH_ARTICLE " " ARCH_NAME " Linux Image",
		  "--kernel", "/tmp/axvm-garbage");

	if (!have_file(IMAGE))
		SKIP(return, "no %s", IMAGE);
	ASSERT_EQ(0, image_prefix("/tmp/axvm-hdr", 4096, hdr, sizeof(hdr)));
#ifdef __aarch64__
	/* A load offset beyond 4 GiB. */
	hdr[HDR_TEXT_OFFSET + 4] = 0x01;
#else
	/* A header claiming a load offset off the 2 MiB grid. */
	hdr[HDR_TEXT_OFFSET] = 0x34;	/* text_offset 0x200034 */
#endif
	ASSERT_EQ(0, write_file("/tmp/axvm-badoff", hdr, sizeof(hdr)));
	BAD_INPUT(1, "corrupt Image header: text_offset", "--kernel",
		  "/tmp/axvm-badoff");
	/*
	 * A truncated Image passes the header checks; its guest fails as
	 * soon as it leaves the first page, and axvm must say so.
	 */
	BAD_INPUT(1, "the guest failed before printing anything", "--kernel",
		  "/tmp/axvm-hdr");
	unlink("/tmp/axvm-empty");
	unlink("/tmp/axvm-garbage");
	unlink("/tmp/axvm-badoff");
	unlink("/tmp/axvm-hdr");
}

/*
 * The Image's file size and the end of what it occupies in RAM (its
 * text_offset and image_size, .bss included) plus the device tree.
 */
static int image_needs(uint64_t *file, uint64_t *ram)
{
	unsigned char hdr[64];
	uint64_t off, size;
	struct stat st;

	if (stat(IMAGE, &st) || image_prefix("/tmp/axvm-hdr", sizeof(hdr),
					     hdr, sizeof(hdr)))
		return -1;
	unlink("/tmp/axvm-hdr");
	memcpy(&off, hdr + HDR_TEXT_OFFSET, sizeof(off));
	memcpy(&size, hdr + HDR_IMAGE_SIZE, sizeof(size));
	*file = st.st_size;
	*ram = off + ((size + PAGE - 1) & ~(PAGE - 1)) + FDT_SPACE;
	return 0;
}

TEST(too_little_memory)
{
	uint64_t file, ram;
	char mem[32];

	if (!have_file(IMAGE) || !have_file(INITRD))
		SKIP(return, "needs %s and %s", IMAGE, INITRD);
	ASSERT_EQ(0, image_needs(&file, &ram));
	BAD_INPUT(1, "does not fit in 2097152 bytes of guest RAM", "--kernel",
		  IMAGE, "--mem", "2M");
	/* Room for the file, not for its .bss and the device tree. */
	ASSERT_LT((file + PAGE - 1) & ~(PAGE - 1), ram);
	snprintf(mem, sizeof(mem), "%lluK",
		 (unsigned long long)((file + PAGE - 1) / PAGE * 4));
	BAD_INPUT(1, "is too small for '" IMAGE "': the kernel alone needs",
		  "--kernel", IMAGE, "--mem", mem);
	/* Room for the kernel and a page, not for the initrd. */
	snprintf(mem, sizeof(mem), "%lluK",
		 (unsigned long long)(ram / PAGE * 4 + 4));
	BAD_INPUT(1, "is too small for '" IMAGE "' and initrd",
		  "--kernel", IMAGE, "--initrd", INITRD, "--mem", mem);
	BAD_INPUT(1, "is not a multiple of the page size", "--kernel", IMAGE,
		  "--mem", "65537");
	BAD_INPUT(1, "does not fit in 65536 bytes of guest RAM", "--kernel",
		  IMAGE, "--mem", "64K");
}

/* Before anything loads kvm.ko (this test runs before hello_guest). */
TEST(kvm_backend_without_kvm)
{
	if (!access("/dev/kvm", F_OK))
		SKIP(return, "/dev/kvm exists already");
	BAD_INPUT(1, "cannot open /dev/kvm: No such file or directory (is kvm.ko loaded?)",
		  "--kernel", IMAGE, "--backend", "kvm");
}

/* The runtime's flat images run on axvcpu, and on KVM where it lets them. */
TEST(hello_guest)
{
	static const char *const axvcpu[] = { AXVM, "--kernel", HELLO, NULL };
	static const char *const kvm[] = {
		AXVM, "--kernel", HELLO, "--backend", "kvm", NULL,
	};
	struct result r;

	if (!have_file(AXVM) || !have_file(HELLO))
		SKIP(return, "needs %s and %s", AXVM, HELLO);
	run_axvm(&r, axvcpu, QUICK_TIMEOUT);
	ASSERT_STATUS(&r, 0);
	ASSERT_OUTPUT_HAS(&r, HELLO_LINE);
	free(r.out);

	REQUIRE_BACKEND("kvm");
	run_axvm(&r, kvm, QUICK_TIMEOUT);
	if (KVM_RUNS_FLAT) {
		ASSERT_STATUS(&r, 0);
		ASSERT_OUTPUT_HAS(&r, HELLO_LINE);
	} else {
		/* Refused up front rather than a guest that prints nothing. */
		ASSERT_STATUS(&r, 1);
		ASSERT_OUTPUT_HAS(&r, "flat guests print through an HVC that KVM does not pass on");
	}
	free(r.out);
}

TEST(flat_images_take_no_linux_options)
{
	if (!have_file(HELLO))
		SKIP(return, "no %s", HELLO);
	BAD_INPUT(1, "--initrd and --cmdline do not apply", "--kernel",
		  HELLO, "--cmdline", "quiet");
	BAD_INPUT(2, "--initrd and --cmdline need a Linux kernel",
		  "--kernel", HELLO, "--flat", "--initrd", HELLO);
}

TEST_HARNESS_MAIN
