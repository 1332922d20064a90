use super::*;

/// Items for plain text in a fixed-pitch "font": every character 1 unit wide, spaces
/// 1 unit stretching by ½ and shrinking by ⅓, as the flow sets them.
fn items(text: &str) -> Vec<Item> {
    hyphenable(text)
}

/// Widths of the set lines (glue adjusted by each line's ratio).
fn set_widths(items: &[Item], breaks: &[Break]) -> Vec<f32> {
    let mut start = 0;
    let mut out = Vec::new();
    for b in breaks {
        let mut w = 0.0;
        for item in &items[start..b.position] {
            w += match *item {
                Item::Box { width, .. } => width,
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    width
                        + if b.ratio >= 0.0 {
                            b.ratio * stretch
                        } else {
                            b.ratio * shrink
                        }
                }
                Item::Penalty { .. } => 0.0,
            };
        }
        if let Item::Penalty { width, .. } = items[b.position] {
            w += width;
        }
        out.push(w);
        start = line_start(items, b.position);
    }
    out
}

const FROG: &str = "In olden times when wishing still helped one there lived a king whose \
    daughters were all beautiful and the youngest was so beautiful that the sun itself \
    which has seen so much was astonished whenever it shone in her face";

#[test]
fn known_paragraph_breaks_and_ratios() {
    let items = items(FROG);
    let measure = 40.0;
    let breaks = break_lines(&items, &Params::justified(measure, 1.0));
    // 220 characters on a 40-unit measure: six lines, every one but the last full.
    assert_eq!(breaks.len(), 6);
    let words_per_line: Vec<usize> = {
        let mut start = 0;
        breaks
            .iter()
            .map(|b| {
                let n = items[start..b.position]
                    .iter()
                    .filter(|i| matches!(i, Item::Box { .. }))
                    .count();
                start = line_start(&items, b.position);
                n
            })
            .collect()
    };
    assert_eq!(words_per_line, [7, 7, 7, 7, 7, 5]);
    let widths = set_widths(&items, &breaks);
    for (i, (b, w)) in breaks.iter().zip(&widths).enumerate() {
        assert!(
            b.ratio >= -1.0 && b.ratio <= TOLERANCES[1],
            "line {i}: {b:?}"
        );
        assert!(*w <= measure + 1e-3, "line {i} is {w} wide");
        if i + 1 < breaks.len() {
            assert!((w - measure).abs() < 1e-3, "line {i} is not justified: {w}");
        }
        assert!(!b.loose && !b.overfull);
    }
    // The break positions are glue items (odd indices in this item list).
    let positions: Vec<usize> = breaks.iter().map(|b| b.position).collect();
    assert!(positions[..4].iter().all(|p| p % 2 == 1), "{positions:?}");
    assert_eq!(*positions.last().unwrap(), items.len() - 1);
}

#[test]
fn total_fit_beats_first_fit() {
    // Greedy filling would leave a very loose line; total fit evens them out.
    let items = items("aaa bb cc ddddd");
    let breaks = break_lines(&items, &Params::justified(6.0, 1.0));
    let widths = set_widths(&items, &breaks);
    assert_eq!(breaks.len(), 3, "{breaks:?}");
    assert!(widths.iter().all(|w| *w <= 6.0 + 1e-3));
}

#[test]
fn hyphen_penalty_width_counts_and_hyphens_do_not_stack() {
    // «aaaa-bbbb» as a discretionary: its width appears only when broken.
    let mut items = Vec::new();
    for _ in 0..6 {
        items.push(Item::Box {
            width: 4.0,
            track: 0.0,
        });
        items.push(Item::Penalty {
            width: 1.0,
            post_width: 0.0,
            penalty: 50.0,
            flagged: true,
        });
        items.push(Item::Box {
            width: 4.0,
            track: 0.0,
        });
        items.push(Item::Glue {
            width: 1.0,
            stretch: 0.5,
            shrink: 0.33,
        });
    }
    items.pop();
    items.extend(self::items("")[1..].iter().copied());
    let breaks = break_lines(&items, &Params::justified(14.0, 1.0));
    let widths = set_widths(&items, &breaks);
    assert!(widths.iter().all(|w| *w <= 14.0 + 1e-3), "{widths:?}");
    for pair in breaks.windows(2) {
        assert!(!(pair[0].flagged && pair[1].flagged), "{breaks:?}");
    }
}

#[test]
fn repeated_hyphen_counts_on_the_next_line() {
    // «franco-» / «-boliviano»: the post-break width is charged to the next line.
    let mut items = vec![
        Item::Box {
            width: 7.0,
            track: 0.0,
        },
        Item::Penalty {
            width: 0.0,
            post_width: 1.0,
            penalty: 50.0,
            flagged: true,
        },
        Item::Box {
            width: 9.0,
            track: 0.0,
        },
    ];
    items.extend(LINE_END);
    // 7 + 9 do not fit in 12; 1 + 9 do.
    let breaks = break_lines(&items, &Params::ragged(12.0, 1.0));
    assert_eq!(breaks.len(), 2);
    assert_eq!(breaks[0].position, 1);
    // 11.5 does not leave room for «-» + 9 + … = 10 ≤ 11.5, but 9.5 would not fit.
    let breaks = break_lines(&items, &Params::ragged(9.5, 1.0));
    assert!(breaks.iter().any(|b| b.overfull), "{breaks:?}");
}

#[test]
fn emergency_pass_sets_loose_rather_than_overfull() {
    // Two long words that cannot share a line: the first line must be very loose.
    let items = items("aaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb cc");
    let breaks = break_lines(&items, &Params::justified(22.0, 1.0));
    let widths = set_widths(&items, &breaks);
    assert!(widths.iter().all(|w| *w <= 22.0 + 1e-3), "{widths:?}");
    assert!(breaks.iter().all(|b| !b.overfull));
    assert!(breaks.iter().any(|b| b.loose), "{breaks:?}");
}

#[test]
fn long_paragraphs_are_broken_window_by_window() {
    let items = items(&FROG.repeat(400));
    assert!(items.len() > LONG);
    let measure = 40.0;
    let breaks = break_lines(&items, &Params::justified(measure, 1.0));
    assert!(breaks.windows(2).all(|w| w[0].position < w[1].position));
    assert_eq!(breaks.last().unwrap().position, items.len() - 1);
    for (b, w) in breaks.iter().zip(set_widths(&items, &breaks)) {
        assert!(w <= measure + 1e-3 && !b.overfull, "{b:?}: {w}");
    }
}

#[test]
fn no_line_is_ever_wider_than_the_measure() {
    let text = FROG.repeat(3);
    let items = items(&text);
    for measure in [20.0, 27.0, 33.0, 45.0, 60.0] {
        let breaks = break_lines(&items, &Params::justified(measure, 1.0));
        for (b, w) in breaks.iter().zip(set_widths(&items, &breaks)) {
            assert!(w <= measure + 1e-3, "{measure}: {w}");
            assert!(b.ratio >= -1.0);
        }
    }
}

/// Items for text as [`items`] makes them, its words hyphenable at the `|` marks (a
/// hyphen 1 unit wide).
fn hyphenable(text: &str) -> Vec<Item> {
    let mut built = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            built.push(Item::Glue {
                width: 1.0,
                stretch: 0.5,
                shrink: 1.0 / 3.0,
            });
        }
        for (j, piece) in word.split('|').enumerate() {
            if j > 0 {
                built.push(Item::Penalty {
                    width: 1.0,
                    post_width: 0.0,
                    penalty: 50.0,
                    flagged: true,
                });
            }
            built.push(Item::Box {
                width: piece.chars().count() as f32,
                track: 0.0,
            });
        }
    }
    built.extend(LINE_END);
    built
}

#[test]
fn a_paragraph_that_sets_well_without_hyphens_is_not_hyphenated() {
    // Every word may break, but the words fill the lines well whole: the first pass,
    // without hyphenation, sets it.
    let text = "ca|sa mo|li|no es|ta|ba jun|to al rí|o y na|die sa|bí|a quién la ha|bí|a \
                le|van|ta|do cuan|do lle|gó el in|vier|no con sus nie|blas lar|gas";
    let items = hyphenable(text);
    let params = Params::justified(38.0, 1.0);
    let breaks = break_lines(&items, &params);
    assert!(breaks.iter().all(|b| !b.flagged), "{breaks:?}");
    assert!(breaks.iter().all(|b| b.ratio <= 1.0));
    // Without the first pass (a ragged setting has none) the same words take hyphens.
    let no_first = Params {
        pretolerance: None,
        ..params
    };
    let hyphenated = break_lines(&items, &no_first);
    assert!(hyphenated.iter().any(|b| b.flagged), "{hyphenated:?}");
}

#[test]
fn three_hyphenated_lines_in_a_row_are_avoided_when_looser_lines_can() {
    // Long words that each must be broken to fill narrow lines tightly.
    let text = "ex|tra|or|di|na|ria|men|te in|com|pren|si|ble|men|te des|pro|por|cio|na|da|men|te \
                a|com|pa|ña|mien|to in|ter|na|cio|na|li|za|ción";
    let items = hyphenable(text);
    let mut runs_without_the_rule = 0;
    for measure in [9.0, 10.0, 11.0, 12.0, 13.0, 15.0] {
        let params = Params::justified(measure, 1.0);
        let breaks = break_lines(&items, &params);
        assert!(!hyphen_run(&breaks), "{measure}: {breaks:?}");
        let unruled = Params {
            triple_hyphen_demerits: 0.0,
            ..params
        };
        runs_without_the_rule += usize::from(hyphen_run(&break_lines(&items, &unruled)));
    }
    // The words are such that without the rule some measure takes three in a row.
    assert!(runs_without_the_rule > 0);
}

#[test]
fn a_paragraph_offers_its_settings_a_line_shorter_and_longer() {
    let measure = 40.0;
    let params = Params::justified(measure, 1.0);
    // Eleven lines, which may run to twelve; and twelve ending on a lone «a», which
    // may come in to eleven.
    let long = items(&FROG.repeat(2));
    let short = items(&format!("{} a", FROG.repeat(2)));
    let offers = |items: &[Item]| break_paragraph(items, &params, Some(measure / 4.0));
    let longer = offers(&long).longer.expect("a line longer");
    let shorter = offers(&short).shorter.expect("a line shorter");
    assert_eq!((offers(&long).best.len(), longer.breaks.len()), (11, 12));
    assert_eq!((offers(&short).best.len(), shorter.breaks.len()), (12, 11));
    assert_eq!(offers(&long).best, break_lines(&long, &params));
    for (items, alt) in [(&long, &longer), (&short, &shorter)] {
        assert!(alt.cost > 0.0, "{}", alt.cost);
        let widths = set_widths(items, &alt.breaks);
        for (b, w) in alt.breaks.iter().zip(&widths) {
            // No line bought loose, none overfull.
            assert!(b.ratio >= -1.0 && b.ratio <= TOLERANCES[1], "{b:?}");
            assert!(!b.loose && *w <= measure + 1e-3);
        }
        // Its last line, at its natural width, is no lone word.
        let mut natural = alt.breaks.clone();
        if let Some(last) = natural.last_mut() {
            last.ratio = 0.0;
        }
        let last = set_widths(items, &natural).last().copied().unwrap_or(0.0);
        assert!(last >= measure / 4.0, "last line {last}");
    }
    // Without looseness, nothing else is offered.
    let plain = break_paragraph(&long, &params, None);
    assert!(plain.shorter.is_none() && plain.longer.is_none());
}

/// Whether the last line of `breaks` holds one word (or a word's end) alone.
fn lone_last(items: &[Item], breaks: &[Break]) -> bool {
    let start = match breaks.len() {
        0 | 1 => 0,
        n => line_start(items, breaks[n - 2].position),
    };
    !items[start..items.len() - LINE_END.len()]
        .iter()
        .any(|i| matches!(i, Item::Glue { .. }))
}

#[test]
fn another_setting_never_ends_on_a_lone_word() {
    let text = items(FROG);
    let (mut offered, mut lone_without_the_rule) = (0, 0);
    for measure in 24..64 {
        let params = Params::justified(measure as f32, 1.0);
        // A width the last line always has: only the two words count.
        let broken = break_paragraph(&text, &params, Some(1.0));
        for alt in [&broken.shorter, &broken.longer].into_iter().flatten() {
            assert!(!lone_last(&text, &alt.breaks), "measure {measure}: {alt:?}");
            offered += 1;
        }
        // The same search with no rule for the last line.
        let sums = pass::Sums::new(&text);
        let free = Pass {
            by_lines: true,
            ..Pass::new(TOLERANCES[1], true)
        };
        let Some(outcome) = pass::run(&text, &sums, &params, free, (0.0, false)) else {
            continue;
        };
        let lines = u32::try_from(broken.best.len()).expect("few lines");
        for n in [lines - 1, lines + 1] {
            if let Some(end) = outcome.best_in(n) {
                lone_without_the_rule += usize::from(lone_last(&text, &outcome.breaks(end)));
            }
        }
    }
    // Without the rule, some measures end a line shorter or longer on a lone word.
    assert!(offered > 0 && lone_without_the_rule > 0);
}

#[test]
fn hung_lines_are_set_on_their_narrower_measure() {
    // TeX's \hangindent: the first three lines 12 units narrower, for a drop cap.
    let items = items(FROG);
    let measure = 40.0;
    let hang = Hang {
        lines: 3,
        indent: 12.0,
    };
    let params = Params {
        hang,
        ..Params::justified(measure, 1.0)
    };
    let broken = break_paragraph(&items, &params, Some(10.0));
    let widths = set_widths(&items, &broken.best);
    assert!(broken.best.len() > 6, "narrower lines take more of them");
    for (i, (b, w)) in broken.best.iter().zip(&widths).enumerate() {
        let own = if i < 3 { measure - 12.0 } else { measure };
        assert!(!b.overfull && b.ratio >= -1.0, "line {i}: {b:?}");
        assert!(*w <= own + 1e-3, "line {i} is {w} wide on {own}");
        if i + 1 < broken.best.len() {
            assert!(
                (w - own).abs() < 1e-3,
                "line {i} is not justified: {w} on {own}"
            );
        }
    }
    // The other settings keep the hang too.
    for alt in [&broken.shorter, &broken.longer].into_iter().flatten() {
        let widths = set_widths(&items, &alt.breaks);
        for (i, w) in widths.iter().enumerate().take(3) {
            assert!(*w <= measure - 12.0 + 1e-3, "line {i} is {w} wide");
        }
    }
    // Without the hang, the same paragraph sets as before.
    assert_eq!(
        break_lines(&items, &Params::justified(measure, 1.0)).len(),
        6
    );
}

#[test]
fn a_paragraphs_last_lines_are_set_again_after_its_first() {
    let measure = 40.0;
    let params = Params::justified(measure, 1.0);
    // Eleven lines, which may run to twelve (as above).
    let long = items(&FROG.repeat(2));
    let best = break_lines(&long, &params);
    let mut found = 0;
    for head in 2..best.len() - 2 {
        let [shorter, longer] = tails(&long, &params, &best, head, measure / 4.0);
        for (alt, lines) in [(shorter, best.len() - 1), (longer, best.len() + 1)] {
            let Some(alt) = alt else { continue };
            found += 1;
            // The first lines are the best's; the others make one line fewer or more.
            assert_eq!(alt.breaks[..head], best[..head]);
            assert_eq!(alt.breaks.len(), lines);
            let widths = set_widths(&long, &alt.breaks);
            for (b, w) in alt.breaks.iter().zip(&widths) {
                assert!(b.ratio >= -1.0 && b.ratio <= TOLERANCES[1], "{b:?}");
                assert!(*w <= measure + 1e-3);
            }
            // Its last line, at its natural width, is no lone word.
            let mut natural = alt.breaks.clone();
            if let Some(last) = natural.last_mut() {
                last.ratio = 0.0;
            }
            let last = set_widths(&long, &natural).last().copied().unwrap_or(0.0);
            assert!(last >= measure / 4.0, "last line {last}");
        }
    }
    // Set again from its first line, the paragraph runs to twelve lines: so do the
    // settings that keep its first lines, while the rest has room to spread.
    let [_, from_top] = tails(&long, &params, &best, 1, measure / 4.0);
    assert_eq!(from_top.map(|a| a.breaks.len()), Some(12));
    assert!(found > 0);
    // A paragraph's end is never left a single line, and its start is not set again.
    assert!(tails(&long, &params, &best, best.len() - 2, measure / 4.0)[0].is_none());
    assert_eq!(tails(&long, &params, &best, 0, measure / 4.0), [None, None]);
}

#[test]
fn letterspacing_takes_part_of_a_lines_slack() {
    // Two words of 10 and a space of 1 (stretch ½, shrink ⅓), the line ended justified.
    let line = |track: f32| {
        vec![
            Item::Box { width: 10.0, track },
            Item::Glue {
                width: 1.0,
                stretch: 0.5,
                shrink: 1.0 / 3.0,
            },
            Item::Box { width: 10.0, track },
            Item::Penalty {
                width: 0.0,
                post_width: 0.0,
                penalty: -INFINITE,
                flagged: false,
            },
        ]
    };
    let set =
        |track: f32, measure: f32| break_lines(&line(track), &Params::justified(measure, 1.0))[0];
    // 1.5 short: the space alone would stretch three times its stretch, a loose line;
    // with the letters' ½ a word it is set at a ratio of 1.
    assert!(set(0.0, 22.5).loose);
    let spaced = set(0.5, 22.5);
    assert!(
        !spaced.loose && (spaced.ratio - 1.0).abs() < 1e-4,
        "{spaced:?}"
    );
    // 0.75 too long: past the space's shrink; the letters give half their share back.
    let tight = set(0.5, 20.25);
    let shrink = 1.0 / 3.0 + 2.0 * 0.5 * TRACK_SHRINK;
    assert!((tight.ratio + 0.75 / shrink).abs() < 1e-4, "{tight:?}");
    assert!(!tight.overfull);
}

#[test]
fn a_long_paragraph_gives_or_takes_its_line_near_its_end() {
    let measure = 40.0;
    let params = Params::justified(measure, 1.0);
    let long = items(&[FROG; 80].join(" "));
    assert!(long.len() > others::WHOLE_ITEMS, "{} items", long.len());
    let broken = break_paragraph(&long, &params, Some(measure / 4.0));
    // The lines up to the first that leaves no more than WHOLE_ITEMS items after it
    // stay as the best set them; the others make one line fewer or more.
    let head = broken
        .best
        .iter()
        .position(|b| long.len() - b.position <= others::WHOLE_ITEMS)
        .expect("the paragraph ends")
        + 1;
    assert!(head > 20 && head + 20 < broken.best.len(), "head {head}");
    let mut found = 0;
    for (alt, lines) in [
        (&broken.shorter, broken.best.len() - 1),
        (&broken.longer, broken.best.len() + 1),
    ] {
        let Some(alt) = alt else { continue };
        found += 1;
        assert_eq!(alt.breaks.len(), lines);
        assert_eq!(alt.breaks[..head], broken.best[..head]);
        let widths = set_widths(&long, &alt.breaks);
        for (b, w) in alt.breaks.iter().zip(&widths) {
            assert!(b.ratio >= -1.0 && b.ratio <= TOLERANCES[1], "{b:?}");
            assert!(!b.loose && *w <= measure + 1e-3);
        }
    }
    assert!(found > 0, "a long paragraph offers another setting");
}
