"""Appointments at a branch office: booked by the participant, worked by the officer."""
