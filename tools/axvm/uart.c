// SPDX-License-Identifier: GPL-2.0
/*
 * axvm's 16550A UART, without an interrupt line.  The device tree gives it
 * no "interrupts", so Linux's 8250 driver polls it from a timer; that only
 * needs IIR to report pending receive-data and THR-empty interrupts as a
 * real 16550A would, and the registers Linux's autoconfig probes (IER, the
 * scratch register, MCR loopback into MSR, FIFO bits in IIR) to behave.
 * Characters go out as soon as they are written, so THR is always empty;
 * received ones come from the console's input (stdin).
 */
#include <string.h>

#include "axvm.h"

enum {
	UART_RX = 0,	/* read: RBR; write: THR; DLAB: DLL */
	UART_IER = 1,	/* DLAB: DLM */
	UART_IIR = 2,	/* read: IIR; write: FCR */
	UART_LCR = 3,
	UART_MCR = 4,
	UART_LSR = 5,
	UART_MSR = 6,
	UART_SCR = 7,
};

#define IER_MASK	0x0f
#define IER_RDI		0x01
#define IER_THRI	0x02
#define IIR_NO_INT	0x01
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define IIR_FIFO	0xc0	/* FIFOs enabled, as a 16550A reports them */
#define FCR_FIFO_ENABLE	0x01
#define LCR_DLAB	0x80
#define MCR_DTR		0x01
#define MCR_RTS		0x02
#define MCR_OUT1	0x04
#define MCR_OUT2	0x08
#define MCR_LOOP	0x10
#define MCR_MASK	0x1f
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80

void axvm_uart_init(struct axvm_uart *u)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_init(&u->lock, NULL);
	/* A terminal is attached and ready. */
	u->msr = MSR_DCD | MSR_DSR | MSR_CTS;
}

/* In loopback mode the modem outputs come back as the modem inputs. */
static uint8_t read_msr(struct axvm_uart *u)
{
	uint8_t msr = 0;

	if (!(u->mcr & MCR_LOOP))
		return u->msr;
	if (u->mcr & MCR_RTS)
		msr |= MSR_CTS;
	if (u->mcr & MCR_DTR)
		msr |= MSR_DSR;
	if (u->mcr & MCR_OUT1)
		msr |= MSR_RI;
	if (u->mcr & MCR_OUT2)
		msr |= MSR_DCD;
	return msr;
}

static uint8_t uart_read(struct axvm_uart *u, uint64_t reg)
{
	uint8_t val;
	int c;

	switch (reg) {
	case UART_RX:
		if (u->lcr & LCR_DLAB)
			return u->dll;
		c = axvm_console_getc();
		return c < 0 ? 0 : c;
	case UART_IER:
		return u->lcr & LCR_DLAB ? u->dlm : u->ier;
	case UART_IIR:
		/* Received data first; reading IIR acknowledges THR empty. */
		if ((u->ier & IER_RDI) && axvm_console_has_input()) {
			val = IIR_RDI;
		} else if ((u->ier & IER_THRI) && u->thr_ipending) {
			u->thr_ipending = false;
			val = IIR_THRI;
		} else {
			val = IIR_NO_INT;
		}
		return val | u->iir_fifo;
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return LSR_THRE | LSR_TEMT |
		       (axvm_console_has_input() ? LSR_DR : 0);
	case UART_MSR:
		return read_msr(u);
	case UART_SCR:
		return u->scr;
	default:
		return 0;
	}
}

static void uart_write(struct axvm_uart *u, uint64_t reg, uint8_t val)
{
	switch (reg) {
	case UART_RX:
		if (u->lcr & LCR_DLAB) {
			u->dll = val;
			break;
		}
		/* Loopback swallows output; there is no receiver to feed. */
		if (!(u->mcr & MCR_LOOP))
			axvm_console_write(&val, 1);
		u->thr_ipending = true;
		break;
	case UART_IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = val;
			break;
		}
		/* Enabling THRI with THR empty raises it at once. */
		if ((val & IER_THRI) && !(u->ier & IER_THRI))
			u->thr_ipending = true;
		u->ier = val & IER_MASK;
		break;
	case UART_IIR:
		u->iir_fifo = val & FCR_FIFO_ENABLE ? IIR_FIFO : 0;
		break;
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR:
		u->mcr = val & MCR_MASK;
		break;
	case UART_SCR:
		u->scr = val;
		break;
	default:
		break;	/* LSR and MSR are read-only */
	}
}

void axvm_uart_access(struct axvm_uart *u, uint64_t offset,
		      struct axvm_exit *e)
{
	pthread_mutex_lock(&u->lock);
	if (e->mmio.write)
		uart_write(u, offset, (uint8_t)e->mmio.data);
	else
		e->mmio.data = uart_read(u, offset);
	pthread_mutex_unlock(&u->lock);
}
