// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the Linux guest that axvm boots in "make run" and the axvm
 * tests (static, for the guest's own initramfs).
 *
 * It says which CPUs came up, gets the kernel to send IPIs and remote TLB
 * fences between them (a thread on every other CPU wakes up through a pipe
 * while the main thread unmaps memory the thread touched), prints one
 * result line and powers off.  Lines start with "axvm-guest:" so that tests
 * can find them:
 *
 *   axvm-guest: init running, N cpus online, cmdline: <the kernel's>
 *   axvm-guest: ipi and remote fence rounds: OK | FAILED (<why>)
 *   axvm-guest: reading console input
 *   axvm-guest: console input: <the line read> | none
 *                               (only with axvm_guest.echo on the kernel
 *                               command line: one line from the console)
 *   axvm-guest: powering off    (or "rebooting", with axvm_guest.reboot
 *                               on the kernel command line)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* klogctl(2) command: set the console log level (SYSLOG_ACTION_CONSOLE_LEVEL) */
#define KLOG_CONSOLE_LEVEL	8

#define ROUNDS		50
#define MAX_CPUS	16
#define ECHO_TIMEOUT_MS	20000

struct pinger {
	pthread_t thread;
	int cpu;
	int to[2], from[2];	/* pipes: main -> thread, thread -> main */
	unsigned long *page;	/* written by the thread, read after the reply */
	const char *error;
};

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* Write the round number into the page main mapped, then answer. */
static void *pinger(void *arg)
{
	struct pinger *p = arg;
	unsigned long round;

	if (pin(p->cpu)) {
		p->error = "sched_setaffinity";
		return NULL;
	}
	while (read(p->to[0], &round, sizeof(round)) == sizeof(round)) {
		if (sched_getcpu() != p->cpu) {
			p->error = "thread left its CPU";
			return NULL;
		}
		*p->page = round;
		if (write(p->from[1], &round, sizeof(round)) != sizeof(round))
			break;
	}
	return NULL;
}

/*
 * Each round maps a fresh page, has every thread write it from its own
 * CPU (a cross-CPU wakeup: an IPI) and unmaps it (the threads' CPUs have
 * the mm in their TLBs: a remote fence).
 */
static const char *ipi_rfence_rounds(int ncpus)
{
	struct pinger p[MAX_CPUS] = { 0 };
	const char *err = NULL;
	unsigned long r;
	int i, n = 0;

	if (pin(0))
		return "sched_setaffinity(0)";
	for (i = 1; i < ncpus && i < MAX_CPUS; i++, n++) {
		p[n].cpu = i;
		if (pipe(p[n].to) || pipe(p[n].from))
			return "pipe";
		if (pthread_create(&p[n].thread, NULL, pinger, &p[n]))
			return "pthread_create";
	}
	for (r = 1; r <= ROUNDS && !err; r++) {
		unsigned long *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (page == MAP_FAILED)
			return "mmap";
		for (i = 0; i < n && !err; i++) {
			unsigned long got;

			p[i].page = page;
			if (write(p[i].to[1], &r, sizeof(r)) != sizeof(r) ||
			    read(p[i].from[0], &got, sizeof(got)) != sizeof(got))
				err = p[i].error ? p[i].error : "pipe I/O";
			else if (*page != r)
				err = "value written on another CPU not seen";
		}
		munmap(page, 4096);
	}
	for (i = 0; i < n; i++) {
		close(p[i].to[1]);
		pthread_join(p[i].thread, NULL);
		if (!err && p[i].error)
			err = p[i].error;
	}
	return err;
}

/*
 * Echo one line of console input, which reaches the guest only through
 * its UART's receive path (and, on arm64, the UART's interrupt).
 */
static void echo_line(void)
{
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	char line[128];
	ssize_t n = 0;

	/* The cue for the test to type: the UART is idle from here on. */
	printf("axvm-guest: reading console input\n");
	fflush(stdout);
	tcdrain(1);
	if (poll(&pfd, 1, ECHO_TIMEOUT_MS) == 1)
		n = read(0, line, sizeof(line) - 1);
	line[n > 0 ? n : 0] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	printf("axvm-guest: console input: %s\n", n > 0 ? line : "none");
	fflush(stdout);
}

int main(void)
{
	char cmdline[1024] = "";
	const char *err;
	cpu_set_t set;
	int fd, n, ncpus, reboot_cmd;

	/* With no /dev/console in the initramfs stdout may be missing. */
	if (fcntl(1, F_GETFD) < 0) {
		mkdir("/dev", 0755);
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
	}
	/*
	 * Kernel messages from here on (a slow hrtimer interrupt under TCG,
	 * say) would land in the middle of the lines the tests look for:
	 * only emergencies, a panic, still reach the console.
	 */
	klogctl(KLOG_CONSOLE_LEVEL, NULL, 1);
	mkdir("/proc", 0755);
	if (!mount("proc", "/proc", "proc", 0, NULL)) {
		fd = open("/proc/cmdline", O_RDONLY);
		if (fd >= 0) {
			n = read(fd, cmdline, sizeof(cmdline) - 1);
			cmdline[n > 0 ? n : 0] = '\0';
			cmdline[strcspn(cmdline, "\n")] = '\0';
			close(fd);
		}
	}

	/* init's affinity is every CPU that is online. */
	CPU_ZERO(&set);
	ncpus = sched_getaffinity(0, sizeof(set), &set) ? 1 : CPU_COUNT(&set);
	printf("axvm-guest: init running, %d cpus online, cmdline: %s\n",
	       ncpus, cmdline);
	fflush(stdout);

	err = ipi_rfence_rounds(ncpus);
	if (err)
		printf("axvm-guest: ipi and remote fence rounds: FAILED (%s: %s)\n",
		       err, strerror(errno));
	else
		printf("axvm-guest: ipi and remote fence rounds: OK\n");
	if (strstr(cmdline, "axvm_guest.echo"))
		echo_line();
	reboot_cmd = strstr(cmdline, "axvm_guest.reboot") ? RB_AUTOBOOT :
		     RB_POWER_OFF;
	printf("axvm-guest: %s\n", reboot_cmd == RB_AUTOBOOT ? "rebooting" :
	       "powering off");
	fflush(stdout);
	/* A UART console sends from a timer: let it finish first. */
	tcdrain(1);
	sync();
	reboot(reboot_cmd);
	printf("axvm-guest: reboot: %s\n", strerror(errno));
	return 1;
}
