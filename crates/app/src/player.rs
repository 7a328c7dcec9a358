//! The packet player: which command's packets are on screen, which packet,
//! and how far along its hops the marker is. A pure reducer driven by
//! [`PlayerAction::Tick`]s from a timer in the app component, so that play,
//! pause, step, speed and replay are tested without a browser or a clock.

use std::rc::Rc;

use bridgeport_engine::{Packet, Verdict};
use yew::Reducible;

/// Milliseconds the marker takes from one hop to the next at speed 1×.
pub const MS_PER_HOP: f64 = 650.0;

/// The speeds offered by the speed control, with their labels.
pub const SPEEDS: [(f64, &str); 4] = [(0.5, "0.5×"), (1.0, "1×"), (2.0, "2×"), (4.0, "4×")];

/// The animation state.
#[derive(Debug, Clone, PartialEq)]
pub struct Player {
    /// The transcript entry whose packets are loaded.
    pub entry: Option<usize>,
    pub packets: Rc<Vec<Packet>>,
    /// Index into `packets`.
    pub packet: usize,
    /// Position along the current packet's hops: 0.0 is the first hop,
    /// `hops - 1` the last; fractions are between hops.
    pub pos: f64,
    pub playing: bool,
    pub speed: f64,
    /// A hop the learner picked; otherwise the inspector follows the marker.
    pub picked: Option<usize>,
}

impl Default for Player {
    fn default() -> Self {
        Player {
            entry: None,
            packets: Rc::new(Vec::new()),
            packet: 0,
            pos: 0.0,
            playing: false,
            speed: 1.0,
            picked: None,
        }
    }
}

/// What the controls (and the timer) can do.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerAction {
    /// Show this entry's packets from the start.
    Load {
        entry: usize,
        packets: Rc<Vec<Packet>>,
        autoplay: bool,
    },
    /// Forget the loaded packets (after reset or undo removed their entry).
    Unload,
    SelectPacket(usize),
    Toggle,
    Pause,
    /// Move one hop forward (+1) or back (-1), across packet boundaries.
    Step(i32),
    /// Time passed while playing.
    Tick(f64),
    Speed(f64),
    /// From the first hop of the first packet, playing.
    Replay,
    /// Jump to a hop of the current packet and keep it selected.
    PickHop(usize),
}

impl Player {
    /// The packet being shown.
    pub fn current(&self) -> Option<&Packet> {
        self.packets.get(self.packet)
    }

    fn hops(&self) -> usize {
        self.current().map_or(0, |p| p.hops.len())
    }

    fn last_pos(&self) -> f64 {
        self.hops().saturating_sub(1) as f64
    }

    /// The hop the marker has reached.
    pub fn reached(&self) -> usize {
        (self.pos.floor().max(0.0) as usize).min(self.hops().saturating_sub(1))
    }

    /// The hop the inspector shows: the picked one, or the reached one.
    pub fn shown_hop(&self) -> Option<usize> {
        if self.hops() == 0 {
            return None;
        }
        Some(self.picked.unwrap_or_else(|| self.reached()))
    }

    /// True when the marker sits on the last hop of the current packet.
    pub fn at_end(&self) -> bool {
        self.hops() > 0 && self.pos >= self.last_pos()
    }

    /// True when the marker has stopped on a hop that dropped or rejected the packet.
    pub fn stopped_on_failure(&self) -> bool {
        self.at_end()
            && self
                .current()
                .is_some_and(|p| p.verdict != Verdict::Delivered)
    }

    /// True when the last hop of the last packet has been reached.
    pub fn finished(&self) -> bool {
        self.at_end() && self.packet + 1 >= self.packets.len()
    }

    /// Apply one action (the body of [`Reducible::reduce`]).
    pub fn apply(&self, action: PlayerAction) -> Player {
        let mut next = self.clone();
        match action {
            PlayerAction::Load {
                entry,
                packets,
                autoplay,
            } => {
                next.entry = Some(entry);
                next.playing = autoplay && !packets.is_empty();
                next.packets = packets;
                next.packet = 0;
                next.pos = 0.0;
                next.picked = None;
            }
            PlayerAction::Unload => {
                next = Player {
                    speed: self.speed,
                    ..Player::default()
                };
            }
            PlayerAction::SelectPacket(i) => {
                if i < next.packets.len() {
                    next.packet = i;
                    next.pos = 0.0;
                    next.picked = None;
                }
            }
            PlayerAction::Toggle => {
                if next.playing {
                    next.playing = false;
                } else if !next.packets.is_empty() {
                    if next.finished() {
                        next.packet = 0;
                        next.pos = 0.0;
                    }
                    next.picked = None;
                    next.playing = true;
                }
            }
            PlayerAction::Pause => next.playing = false,
            PlayerAction::Step(delta) => {
                next.playing = false;
                next.picked = None;
                if delta > 0 {
                    next.step_forward();
                } else if delta < 0 {
                    next.step_back();
                }
            }
            PlayerAction::Tick(ms) => {
                if next.playing {
                    next.advance(ms);
                }
            }
            PlayerAction::Speed(s) => {
                if s.is_finite() && s > 0.0 {
                    next.speed = s;
                }
            }
            PlayerAction::Replay => {
                next.packet = 0;
                next.pos = 0.0;
                next.picked = None;
                next.playing = !next.packets.is_empty();
            }
            PlayerAction::PickHop(h) => {
                if h < next.hops() {
                    next.playing = false;
                    next.pos = h as f64;
                    next.picked = Some(h);
                }
            }
        }
        next
    }

    fn advance(&mut self, ms: f64) {
        if self.hops() == 0 {
            self.playing = false;
            return;
        }
        self.pos += ms * self.speed / MS_PER_HOP;
        if self.pos >= self.last_pos() {
            let failed = self
                .current()
                .is_some_and(|p| p.verdict != Verdict::Delivered);
            if self.packet + 1 < self.packets.len() && !failed {
                // A delivered packet hands over to the next one (e.g. the reply).
                self.packet += 1;
                self.pos = 0.0;
            } else {
                // The last packet, or a drop: stop where it ended.
                self.pos = self.last_pos();
                self.playing = false;
            }
        }
    }

    fn step_forward(&mut self) {
        if self.hops() == 0 {
            return;
        }
        let next = self.pos.floor() + 1.0;
        if next <= self.last_pos() {
            self.pos = next;
        } else if self.packet + 1 < self.packets.len() {
            self.packet += 1;
            self.pos = 0.0;
        } else {
            self.pos = self.last_pos();
        }
    }

    fn step_back(&mut self) {
        if self.hops() == 0 {
            return;
        }
        let prev = self.pos.ceil() - 1.0;
        if prev >= 0.0 {
            self.pos = prev;
        } else if self.packet > 0 {
            self.packet -= 1;
            self.pos = self.last_pos();
        } else {
            self.pos = 0.0;
        }
    }
}

impl Reducible for Player {
    type Action = PlayerAction;

    fn reduce(self: Rc<Self>, action: PlayerAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn loaded(autoplay: bool) -> Player {
        Player::default().apply(PlayerAction::Load {
            entry: 3,
            packets: Rc::new(fixtures::curl_packets()),
            autoplay,
        })
    }

    #[test]
    fn load_with_autoplay_starts_at_the_first_hop() {
        let p = loaded(true);
        assert!(p.playing);
        assert_eq!((p.entry, p.packet, p.reached()), (Some(3), 0, 0));
        assert_eq!(p.shown_hop(), Some(0));
    }

    #[test]
    fn ticks_move_hop_by_hop_and_hand_over_to_the_reply() {
        let mut p = loaded(true);
        let hops = p.current().unwrap().hops.len();
        p = p.apply(PlayerAction::Tick(MS_PER_HOP));
        assert_eq!(p.reached(), 1);
        p = p.apply(PlayerAction::Tick(MS_PER_HOP * hops as f64));
        assert_eq!(
            p.packet, 1,
            "the request was delivered, the reply plays next"
        );
        p = p.apply(PlayerAction::Tick(1e9));
        assert!(p.finished());
        assert!(!p.playing);
    }

    #[test]
    fn speed_scales_the_ticks() {
        let p = loaded(true)
            .apply(PlayerAction::Speed(2.0))
            .apply(PlayerAction::Tick(MS_PER_HOP));
        assert_eq!(p.reached(), 2);
        assert_eq!(loaded(true).apply(PlayerAction::Speed(f64::NAN)).speed, 1.0);
    }

    #[test]
    fn a_drop_stops_at_its_hop() {
        let p = Player::default()
            .apply(PlayerAction::Load {
                entry: 1,
                packets: Rc::new(fixtures::dropped_packets()),
                autoplay: true,
            })
            .apply(PlayerAction::Tick(1e9));
        assert!(!p.playing);
        assert_eq!(p.packet, 0, "no hand-over after a drop");
        assert!(p.stopped_on_failure());
        assert_eq!(p.shown_hop(), Some(p.current().unwrap().hops.len() - 1));
    }

    #[test]
    fn steps_cross_packet_boundaries_and_pause() {
        let mut p = loaded(true);
        let hops = p.current().unwrap().hops.len();
        for _ in 0..hops {
            p = p.apply(PlayerAction::Step(1));
        }
        assert!(!p.playing);
        assert_eq!((p.packet, p.reached()), (1, 0));
        p = p.apply(PlayerAction::Step(-1));
        assert_eq!((p.packet, p.reached()), (0, hops - 1));
        let start = loaded(false).apply(PlayerAction::Step(-1));
        assert_eq!((start.packet, start.reached()), (0, 0));
    }

    #[test]
    fn pick_hop_pauses_and_pins_the_inspector() {
        let p = loaded(true).apply(PlayerAction::PickHop(2));
        assert!(!p.playing);
        assert_eq!(p.shown_hop(), Some(2));
        assert_eq!(
            loaded(true).apply(PlayerAction::PickHop(99)).shown_hop(),
            Some(0)
        );
    }

    #[test]
    fn toggle_and_replay_restart_a_finished_animation() {
        let done = loaded(true)
            .apply(PlayerAction::Tick(1e9))
            .apply(PlayerAction::Tick(1e9));
        assert!(done.finished());
        let again = done.apply(PlayerAction::Toggle);
        assert!(again.playing);
        assert_eq!((again.packet, again.reached()), (0, 0));
        let replay = done.apply(PlayerAction::Replay);
        assert!(replay.playing && replay.pos == 0.0);
    }

    #[test]
    fn empty_packets_never_play() {
        let p = Player::default().apply(PlayerAction::Load {
            entry: 1,
            packets: Rc::new(Vec::new()),
            autoplay: true,
        });
        assert!(!p.playing);
        assert!(!p.apply(PlayerAction::Toggle).playing);
        assert_eq!(p.shown_hop(), None);
        assert_eq!(p.apply(PlayerAction::Step(1)).pos, 0.0);
    }
}
