#!/usr/bin/perl
# Bounce analyzer bridge: reads e-mail messages on stdin, writes JSON on stdout with one object
# per recipient each message reports on (bounce, auto-reply or complaint). Uses Debian's
# libsisimai-perl (the reference bounce analyzer, 70+ mail server formats). Called by
# src/core/outreach/bounce-analyzer.ts, as a child process with a time and size limit.
use strict;
use warnings;
use Sisimai;
use Sisimai::Reason;
use Sisimai::SMTP::Reply;
use Sisimai::SMTP::Status;
use JSON::PP;

binmode STDIN;
binmode STDOUT;
my $limit = $ENV{BOUNCE_ANALYZER_MAX_BYTES} || 10_000_000;

# Input: one or more frames "<byte length>\n<message bytes>". Output: a JSON array with, per
# message, an array of recipients ([] when it is not a bounce, auto-reply or complaint) or
# {"error": "..."} when that message could not be analyzed.
my @results;
while (defined(my $line = <STDIN>)) {
    next if $line =~ /\A\s*\z/;
    die "bad frame header\n" unless $line =~ /\A(\d{1,12})\s*\z/;
    my $size = $1;
    die "message larger than $limit bytes\n" if $size > $limit;
    my $data = '';
    while (length($data) < $size) {
        my $n = read(STDIN, $data, $size - length($data), length($data));
        die "read failed: $!\n" unless defined $n;
        die "input ended inside a message\n" if $n == 0;
    }
    my $found = eval { analyze($data) };
    push @results, defined $found ? $found : { error => ($@ =~ s/\s+\z//r) };
}
print JSON::PP->new->canonical->encode(\@results);

sub analyze {
    my ($data) = @_;
    # Sisimai::Mail::Memory splits mbox text on "From " lines; a single message needs one.
    $data =~ s/\r\n?/\n/g;
    $data = "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n" . $data unless $data =~ /\AFrom /;
    my $list = Sisimai->make(\$data) // [];
    my @out;
    for my $e (@$list) {
        my $d = $e->damn;
        push @out, {
            recipient      => $d->{recipient},
            alias          => $d->{alias},
            reason         => $d->{reason},
            action         => $d->{action},
            deliveryStatus => $d->{deliverystatus},
            replyCode      => $d->{replycode},
            diagnosticCode => $d->{diagnosticcode},
            feedbackType   => $d->{feedbacktype},
            messageId      => $d->{messageid},
            smtpAgent      => $d->{smtpagent},
        };
    }
    if (!@out) {
        # No known server format matched. A message from the mailer daemon that states an SMTP
        # error is still a bounce: read the error text with the analyzer's own reason rules.
        my $fallback = plain_text_bounce($data);
        push @out, $fallback if $fallback;
    }
    return \@out;
}

sub plain_text_bounce {
    my ($mail) = @_;
    my ($head, $body) = split /\n\n/, $mail, 2;
    return undef unless defined $body;
    $head =~ s/\n[ \t]+/ /g;
    my ($from) = $head =~ /^From:[ \t]*(.*)$/mi;
    my ($subject) = $head =~ /^Subject:[ \t]*(.*)$/mi;
    my ($rpath) = $head =~ /^Return-Path:[ \t]*(.*)$/mi;
    $from //= ''; $subject //= '';
    my $daemon = $from =~ /\b(?:mailer-daemon|postmaster|mail delivery (?:system|subsystem))\b|<>/i
        || (defined $rpath && $rpath =~ /<>/);
    return undef unless $daemon && $subject =~ /fail|undeliver|returned|delivery|bounce|rejected|not delivered/i;

    # The report is the text before the returned message's headers.
    my ($report) = split /^(?:Received|Return-Path|Message-Id|X-[A-Za-z-]+):[ \t]/mi, $body, 2;
    $report = substr($report, 0, 20_000);
    my $reply = Sisimai::SMTP::Reply->find($report) // '';
    my $status = Sisimai::SMTP::Status->find($report) // '';
    # X-Failed-Recipients (Exim's header, also used by other daemons) names the failed address:
    # with it the report is a bounce even when its text gives no SMTP code. The caller never
    # takes such a code-less reading as proof that the address is bad.
    my ($failed) = $head =~ /^X-Failed-Recipients:[ \t]*<?([^\s<>,@]+@[^\s<>,]+?)>?(?:[\s,]|$)/mi;
    return undef unless $reply || $status || $failed;
    my $reason = Sisimai::Reason->match($report) || ($status && Sisimai::SMTP::Status->name($status)) || ($reply || $status ? 'undefined' : 'onhold');
    my $rcpt = $failed;
    ($rcpt) = $report =~ /<([^<>\s@]+@[^<>\s@]+)>/ unless $rcpt;
    ($rcpt) = $report =~ /\b([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/ unless $rcpt;
    my ($diag) = $reply || $status ? $report =~ /^(.*\b(?:\Q$reply\E|\Q$status\E)\b.*)$/m : ();
    $diag = substr($report =~ s/\s+/ /gr =~ s/\A //r, 0, 300) unless defined $diag;
    return {
        recipient => $rcpt // '', alias => '', reason => $reason, action => 'failed',
        deliveryStatus => $status, replyCode => $reply, diagnosticCode => $diag // '',
        feedbackType => '', messageId => '', smtpAgent => 'plain-text',
    };
}
