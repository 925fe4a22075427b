"""Pengaduan: complaint tickets, their thread, statuses, attachments and rating."""
