use std::cell::RefCell;
use std::rc::Rc;

use futures::executor::LocalPool;
use futures::task::LocalSpawnExt;

use super::*;

/// Spawns a task that takes a slot, records `name`, and holds the slot until
/// `release` is set.
fn spawn_waiter(
    pool: &LocalPool,
    scheduler: &Scheduler,
    name: &'static str,
    priority: Priority,
    log: &Rc<RefCell<Vec<String>>>,
) {
    let (scheduler, log) = (scheduler.clone(), log.clone());
    pool.spawner()
        .spawn_local(async move {
            match scheduler.slot(priority).await {
                Ok(slot) => {
                    log.borrow_mut().push(name.to_owned());
                    // Hold the slot for one more turn of the executor.
                    futures::future::ready(()).await;
                    drop(slot);
                }
                Err(e) => log.borrow_mut().push(format!("{name}: {}", e.code())),
            }
        })
        .unwrap();
}

#[test]
fn waiters_are_served_most_urgent_first_then_in_arrival_order() {
    let mut pool = LocalPool::new();
    let scheduler = Scheduler::new(SchedulerConfig { concurrency: 1, queue_cap: 10 });
    let log = Rc::new(RefCell::new(Vec::new()));
    // Hold the only slot while the others queue.
    let held = pool.run_until(scheduler.slot(Priority::Normal)).unwrap();
    for (name, priority) in [
        ("low", Priority::Low),
        ("normal-1", Priority::Normal),
        ("critical", Priority::Critical),
        ("normal-2", Priority::Normal),
        ("background", Priority::Background),
    ] {
        spawn_waiter(&pool, &scheduler, name, priority, &log);
    }
    pool.run_until_stalled();
    assert_eq!(scheduler.waiting(), 5);
    drop(held);
    pool.run_until_stalled();
    assert_eq!(*log.borrow(), ["critical", "normal-1", "normal-2", "low", "background"]);
    assert_eq!(scheduler.running(), 0);
}

#[test]
fn no_more_than_the_limit_run_at_once() {
    let mut pool = LocalPool::new();
    let scheduler = Scheduler::new(SchedulerConfig { concurrency: 2, queue_cap: 10 });
    let slots: Vec<Slot> =
        (0..2).map(|_| pool.run_until(scheduler.slot(Priority::Normal)).unwrap()).collect();
    let log = Rc::new(RefCell::new(Vec::new()));
    spawn_waiter(&pool, &scheduler, "third", Priority::Critical, &log);
    pool.run_until_stalled();
    assert!(log.borrow().is_empty(), "a third load ran while two held the slots");
    assert_eq!(scheduler.running(), 2);
    drop(slots);
    pool.run_until_stalled();
    assert_eq!(*log.borrow(), ["third"]);
}

#[test]
fn a_full_queue_refuses_new_work_at_once() {
    let mut pool = LocalPool::new();
    let scheduler = Scheduler::new(SchedulerConfig { concurrency: 1, queue_cap: 2 });
    let _held = pool.run_until(scheduler.slot(Priority::Normal)).unwrap();
    let log = Rc::new(RefCell::new(Vec::new()));
    for name in ["a", "b", "c"] {
        spawn_waiter(&pool, &scheduler, name, Priority::Normal, &log);
    }
    pool.run_until_stalled();
    assert_eq!(*log.borrow(), ["c: backpressure"]);
    let err = pool.run_until(scheduler.slot(Priority::Critical)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "too busy: 2 loads are already waiting (the limit is 2); try again later"
    );
}

#[test]
fn a_cancelled_waiter_is_skipped_and_its_slot_not_lost() {
    let mut pool = LocalPool::new();
    let scheduler = Scheduler::new(SchedulerConfig { concurrency: 1, queue_cap: 10 });
    let held = pool.run_until(scheduler.slot(Priority::Normal)).unwrap();
    // A waiter we give up on.
    let mut cancelled = Box::pin(scheduler.slot(Priority::Critical));
    let polled = pool.run_until(async { futures::poll!(cancelled.as_mut()) });
    assert!(polled.is_pending(), "it queued");
    let log = Rc::new(RefCell::new(Vec::new()));
    spawn_waiter(&pool, &scheduler, "kept", Priority::Normal, &log);
    pool.run_until_stalled();
    drop(cancelled);
    drop(held);
    pool.run_until_stalled();
    assert_eq!(*log.borrow(), ["kept"]);
    assert_eq!(scheduler.running(), 0, "every slot came back");
}
