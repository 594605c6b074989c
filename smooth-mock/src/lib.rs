//! A faithful local Smooth API server (work in progress).
